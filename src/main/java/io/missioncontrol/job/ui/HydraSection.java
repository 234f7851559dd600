package io.missioncontrol.job.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.shared.HasValidationProperties;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.project.hydra.HydraConfig;
import io.missioncontrol.project.hydra.HydraGroup;
import io.missioncontrol.project.hydra.HydraLoadResult;
import io.missioncontrol.project.hydra.HydraOverride;
import io.missioncontrol.project.hydra.HydraOverrides;
import io.missioncontrol.project.hydra.HydraSyntax;
import io.missioncontrol.project.hydra.OverrideProblem;
import io.missioncontrol.project.hydra.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Hydra part of the launch form, generated from the project's Hydra model: a select per config
 * group, a typed field per value, and a free-text box for extra overrides checked as the user types.
 * Only what the user changed becomes an override.
 */
class HydraSection extends VerticalLayout {

    /** How many value fields are shown opened; more start collapsed. */
    static final int OPEN_VALUES_UP_TO = 24;

    /** One generated field: its component, its initial text, and its current text (null: leave as is). */
    private record Field(Component component, String initial, Supplier<String> current) {
    }

    private final HydraConfig config;
    private final boolean acceptsOverrides;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    final Map<String, Select<String>> groupSelects = new LinkedHashMap<>();
    final Map<String, Component> valueFields = new LinkedHashMap<>();
    final TextArea extra = new TextArea("Extra overrides");
    final Div extraProblems = new Div();
    final Div errors = new Div();

    HydraSection(HydraLoadResult hydra) {
        addClassName("mc-hydra-section");
        setPadding(false);
        setSpacing(false);
        errors.addClassName("mc-hydra-errors");
        extraProblems.addClassName("mc-override-problems");
        extra.setWidthFull();
        extra.setManualValidation(true);
        extra.setValueChangeMode(ValueChangeMode.LAZY);
        extra.setPlaceholder("one per line, e.g. trainer.max_epochs=20 or +experiment=baseline");
        extra.addValueChangeListener(e -> validateExtra());

        switch (hydra) {
            case HydraLoadResult.Loaded loaded -> {
                config = loaded.config();
                acceptsOverrides = true;
                add(new Paragraph(loaded.message() + ". Values are those of the default choices; only what you "
                        + "change is passed to the training script."));
                addGroups();
                addValues();
                extra.setHelperText("Checked against the project's Hydra config as you type.");
                add(extra, extraProblems);
            }
            case HydraLoadResult.NotFound notFound -> {
                config = null;
                acceptsOverrides = true;
                add(new Paragraph("The project has no Hydra config (" + notFound.message() + "). Overrides typed "
                        + "here are passed to the training script as written, after a syntax check."));
                extra.setLabel("Overrides");
                add(extra, extraProblems);
            }
            case HydraLoadResult.Invalid invalid -> {
                config = null;
                acceptsOverrides = false;
                Div box = new Div(new Paragraph("The Hydra config cannot be read, so no overrides can be checked or "
                        + "given: " + invalid.message()));
                box.addClassName("mc-error-box");
                add(box);
            }
        }
        add(errors);
    }

    /** Form fields whose value differs from the default: key → value as Hydra override text. */
    Map<String, String> changedFields() {
        Map<String, String> changed = new LinkedHashMap<>();
        fields.forEach((key, field) -> {
            String now = field.current().get();
            if (now != null && !now.equals(field.initial())) {
                changed.put(key, now);
            }
        });
        return changed;
    }

    /** The extra overrides, one per non-blank line, trimmed. */
    List<String> extraOverrides() {
        if (!acceptsOverrides) {
            return List.of();
        }
        return extra.getValue().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Live check of the extra overrides box. */
    void validateExtra() {
        List<String> lines = extraOverrides();
        List<OverrideProblem> problems = new ArrayList<>();
        if (config != null) {
            problems.addAll(HydraOverrides.validateText(config, lines));
        } else {
            for (String line : lines) {
                try {
                    HydraOverride.parse(line);
                } catch (IllegalArgumentException e) {
                    problems.add(new OverrideProblem(line, e.getMessage()));
                }
            }
        }
        showExtraProblems(problems.stream().map(p -> p.override() + " — " + p.message()).toList());
    }

    /** Shows the service's hydra_overrides / extra_overrides errors on their fields. */
    void showErrors(List<FieldError> serviceErrors) {
        List<String> extras = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (FieldError error : serviceErrors) {
            if (error.field().equals("extra_overrides")) {
                extras.add(error.message());
            } else if (!markField(error.message())) {
                others.add(error.message());
            }
        }
        if (!extras.isEmpty()) {
            showExtraProblems(extras);
        }
        errors.removeAll();
        for (String message : others) {
            Paragraph p = new Paragraph(message);
            p.addClassName("mc-error-box");
            errors.add(p);
        }
    }

    void clearErrors() {
        errors.removeAll();
        fields.values().forEach(f -> setError(f.component(), null));
    }

    /** Marks the generated field a service error is about ({@code key=value: message}); false if none is. */
    private boolean markField(String message) {
        for (Map.Entry<String, Field> e : fields.entrySet()) {
            String prefix = e.getKey() + "=";
            int colon = message.indexOf(": ");
            if (message.startsWith(prefix) && colon > 0) {
                setError(e.getValue().component(), message.substring(colon + 2));
                return true;
            }
        }
        return false;
    }

    private void showExtraProblems(List<String> problems) {
        extraProblems.removeAll();
        for (String problem : problems) {
            Div row = new Div(problem);
            row.addClassName("mc-override-problem");
            extraProblems.add(row);
        }
        extra.setInvalid(!problems.isEmpty());
        extra.setErrorMessage(problems.isEmpty() ? null
                : problems.size() == 1 ? "1 problem, see below" : problems.size() + " problems, see below");
    }

    // ---- generated fields

    private void addGroups() {
        if (config.groups().isEmpty()) {
            return;
        }
        FormLayout form = form();
        for (HydraGroup group : config.groups()) {
            Select<String> select = new Select<>();
            select.setLabel(group.name());
            select.setItems(group.options());
            select.setManualValidation(true);
            String initial = group.defaultOption() != null && group.hasOption(group.defaultOption())
                    ? group.defaultOption() : "";
            if (!group.inDefaultsList() || initial.isEmpty()) {
                select.setEmptySelectionAllowed(true);
                select.setEmptySelectionCaption(!group.inDefaultsList() ? "(not used)"
                        : "???".equals(group.defaultOption()) ? "??? (must be chosen)" : "(none)");
            }
            if (!initial.isEmpty()) {
                select.setValue(initial);
                select.setHelperText("default: " + initial);
            }
            select.addValueChangeListener(e -> setError(select, null));
            groupSelects.put(group.name(), select);
            fields.put(group.name(), new Field(select, initial, () -> Objects.requireNonNullElse(select.getValue(), "")));
            form.add(select);
        }
        add(form);
    }

    private void addValues() {
        Map<String, ValueInfo> values = config.flattened();
        if (values.isEmpty()) {
            return;
        }
        FormLayout form = form();
        values.forEach((key, info) -> {
            Field field = field(key, info);
            fields.put(key, field);
            valueFields.put(key, field.component());
            form.add(field.component());
        });
        Details details = new Details("Config values (" + values.size() + ")", form);
        details.setOpened(values.size() <= OPEN_VALUES_UP_TO);
        details.setWidthFull();
        add(details);
    }

    private Field field(String key, ValueInfo info) {
        Object value = info.value();
        switch (info.type()) {
            case INT -> {
                if (value instanceof Number n && n.longValue() >= Integer.MIN_VALUE && n.longValue() <= Integer.MAX_VALUE) {
                    IntegerField f = new IntegerField(key);
                    f.setValue(n.intValue());
                    f.setManualValidation(true);
                    f.addValueChangeListener(e -> setError(f, null));
                    // an emptied number field leaves the default alone
                    return new Field(f, info.text(), () -> f.getValue() == null ? null : String.valueOf(f.getValue()));
                }
            }
            case FLOAT -> {
                NumberField f = new NumberField(key);
                f.setValue(((Number) value).doubleValue());
                f.setManualValidation(true);
                f.addValueChangeListener(e -> setError(f, null));
                String initial = HydraSyntax.render(f.getValue());
                return new Field(f, initial, () -> f.getValue() == null ? null : HydraSyntax.render(f.getValue()));
            }
            case BOOL -> {
                Checkbox f = new Checkbox(key, Boolean.TRUE.equals(value));
                f.setManualValidation(true);
                f.addValueChangeListener(e -> setError(f, null));
                return new Field(f, String.valueOf(f.getValue()), () -> String.valueOf(f.getValue()));
            }
            case NULL -> {
                TextField f = text(key, "");
                f.setPlaceholder("null");
                return new Field(f, "", f::getValue);
            }
            default -> {
            }
        }
        TextField f = text(key, info.text());
        if (info.missing()) {
            f.setHelperText("??? — must be set");
        }
        return new Field(f, info.text(), f::getValue);
    }

    private TextField text(String key, String value) {
        TextField f = new TextField(key);
        f.setValue(value);
        f.setManualValidation(true);
        f.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        f.addValueChangeListener(e -> setError(f, null));
        return f;
    }

    private static FormLayout form() {
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2),
                new FormLayout.ResponsiveStep("50em", 3));
        form.setWidthFull();
        return form;
    }

    static void setError(Component component, String message) {
        if (component instanceof HasValidationProperties field) {
            field.setInvalid(message != null);
            field.setErrorMessage(message);
        }
    }
}
