package io.missioncontrol.job.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
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
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Hydra part of the launch form, generated from the project's Hydra model: a select per config
 * group, a typed field per value, and a free-text box for extra overrides checked as the user types.
 * The value fields are those of the config composed with the chosen groups: choosing another option
 * composes the config again and rebuilds them, keeping what the user changed where the key remains.
 * Only what the user changed becomes an override.
 */
class HydraSection extends VerticalLayout {

    /** How many value fields are shown opened; more start collapsed. */
    static final int OPEN_VALUES_UP_TO = 24;

    /**
     * One generated field: its component, its initial text, its current text (null: leave as is),
     * and how to put a text back into it (false when the text does not fit the field).
     */
    private record Field(Component component, String initial, Supplier<String> current, Predicate<String> set) {

        boolean changed() {
            String now = current.get();
            return now != null && !now.equals(initial);
        }
    }

    /** The config as loaded: overrides are relative to it. Null without a usable config. */
    private final HydraConfig config;
    /** The config composed with the user's group choices: the value fields show it. */
    private HydraConfig composed;
    /** The groups the user chose an option for that the composition would not choose by itself, in the order chosen. */
    private final Map<String, String> chosen = new LinkedHashMap<>();
    private final boolean acceptsOverrides;
    private final Map<String, Field> groupFields = new LinkedHashMap<>();
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final FormLayout valuesForm = form();
    private final Details valuesDetails = new Details();
    private boolean updating;
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
                composed = config;
                acceptsOverrides = true;
                add(new Paragraph(loaded.message() + ". The values follow the options chosen; only what you "
                        + "change is passed to the training script."));
                addGroups();
                addValues();
                extra.setHelperText("Checked against the project's Hydra config as you type.");
                add(extra, extraProblems);
            }
            case HydraLoadResult.NotFound notFound -> {
                config = null;
                composed = null;
                acceptsOverrides = true;
                add(new Paragraph("The project has no Hydra config (" + notFound.message() + "). Overrides typed "
                        + "here are passed to the training script as written, after a syntax check."));
                extra.setLabel("Overrides");
                add(extra, extraProblems);
            }
            case HydraLoadResult.Invalid invalid -> {
                config = null;
                composed = null;
                acceptsOverrides = false;
                Div box = new Div(new Paragraph("The Hydra config cannot be read, so no overrides can be checked or "
                        + "given: " + invalid.message()));
                box.addClassName("mc-error-box");
                add(box);
            }
        }
        add(errors);
    }

    /**
     * What the user changed, key → value as Hydra override text: the groups chosen (an option the
     * composition would not choose by itself), then the value fields that differ from the config
     * composed with those choices.
     */
    Map<String, String> changedFields() {
        Map<String, String> changed = new LinkedHashMap<>();
        groupFields.keySet().stream().filter(chosen::containsKey).forEach(group -> changed.put(group, chosen.get(group)));
        fields.forEach((key, field) -> {
            if (field.changed()) {
                changed.put(key, field.current().get());
            }
        });
        return changed;
    }

    /**
     * Puts a recorded job's overrides back (launching it again): group options into their selects, values into
     * their fields; what fits neither goes into the extra overrides as {@code key=value}.
     */
    void prefill(Map<String, String> overrides, List<String> extraOverrides) {
        List<String> rest = new ArrayList<>();
        overrides.forEach((key, value) -> {
            Select<String> group = groupSelects.get(key);
            if (group != null && group.getListDataView().getItems().anyMatch(value::equals)) {
                group.setValue(value);
            }
        });
        overrides.forEach((key, value) -> {
            if (groupSelects.containsKey(key)) {
                return;
            }
            Field field = fields.get(key);
            if (field == null || !field.set().test(value)) {
                rest.add(key + "=" + value);
            }
        });
        rest.addAll(extraOverrides);
        if (acceptsOverrides) {
            extra.setValue(String.join("\n", rest));
        }
    }

    /** The extra overrides, one per non-blank line, trimmed. */
    List<String> extraOverrides() {
        if (!acceptsOverrides) {
            return List.of();
        }
        return extra.getValue().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Live check of the extra overrides box, together with the form's choices (as the launch checks them). */
    void validateExtra() {
        List<String> lines = extraOverrides();
        List<OverrideProblem> problems = new ArrayList<>();
        if (config != null) {
            HydraOverrides.build(config, changedFields(), lines).problems().stream()
                    .filter(p -> lines.contains(p.override()))
                    .forEach(problems::add);
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
        groupFields.values().forEach(f -> setError(f.component(), null));
        fields.values().forEach(f -> setError(f.component(), null));
    }

    /** Marks the generated field a service error is about ({@code key=value: message}); false if none is. */
    private boolean markField(String message) {
        Map<String, Field> all = new LinkedHashMap<>(groupFields);
        all.putAll(fields);
        for (Map.Entry<String, Field> e : all.entrySet()) {
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
            select.addValueChangeListener(e -> {
                setError(select, null);
                if (!updating) {
                    choose(group.name(), Objects.requireNonNullElse(e.getValue(), ""));
                }
            });
            groupSelects.put(group.name(), select);
            groupFields.put(group.name(), new Field(select, initial, () -> Objects.requireNonNullElse(select.getValue(), ""),
                    text -> false));
            form.add(select);
        }
        add(form);
    }

    /**
     * The user chose an option: composes the config with every choice made, lets the other selects
     * follow (a nested group takes the new option's default), and rebuilds the value fields. A
     * choice the config cannot be composed with is marked on its select; the fields stay as they were.
     */
    private void choose(String group, String option) {
        Map<String, String> next = new LinkedHashMap<>(chosen);
        next.remove(group);
        next.put(group, option);
        chosen.clear();
        chosen.putAll(next);
        HydraLoadResult result = config.withChoices(next);
        if (!(result instanceof HydraLoadResult.Loaded loaded)) {
            setError(groupSelects.get(group), result.message());
            return;
        }
        composed = loaded.config();
        forgetChoicesInEffectAnyway();
        followChoices();
        rebuildValues();
        validateExtra();
    }

    /** Drops the choices the composition makes without them (back to the default, or what another choice brings). */
    private void forgetChoicesInEffectAnyway() {
        for (String group : List.copyOf(chosen.keySet())) {
            Map<String, String> without = new LinkedHashMap<>(chosen);
            String option = without.remove(group);
            if (config.withChoices(without) instanceof HydraLoadResult.Loaded loaded && inEffect(loaded.config(), group).equals(option)) {
                chosen.remove(group);
            }
        }
    }

    /** The option of a group in a composition, as a select shows it ("" for none or a choice still to make). */
    private static String inEffect(HydraConfig composition, String group) {
        String option = composition.group(group).map(HydraGroup::defaultOption).orElse(null);
        return option == null || option.equals("???") ? "" : option;
    }

    /** Shows, on the selects the user did not choose, the option the composition has. */
    private void followChoices() {
        updating = true;
        try {
            groupSelects.forEach((group, select) -> {
                if (chosen.containsKey(group)) {
                    return;
                }
                String option = inEffect(composed, group);
                String initial = groupFields.get(group).initial();
                select.setValue(option.isEmpty() || !select.getListDataView().contains(option) ? null : option);
                if (option.equals(initial)) {
                    select.setHelperText(initial.isEmpty() ? null : "default: " + initial);
                } else {
                    select.setHelperText((option.isEmpty() ? "none" : option) + " with the options chosen"
                            + (initial.isEmpty() ? "" : " (default: " + initial + ")"));
                }
            });
        } finally {
            updating = false;
        }
    }

    private void addValues() {
        valuesDetails.add(valuesForm);
        valuesDetails.setWidthFull();
        rebuildValues();
        valuesDetails.setOpened(fields.size() <= OPEN_VALUES_UP_TO);
        add(valuesDetails);
    }

    /** One field per value of the composed config; a value the user changed is kept where its key still is. */
    private void rebuildValues() {
        Map<String, String> kept = new LinkedHashMap<>();
        fields.forEach((key, field) -> {
            if (field.changed()) {
                kept.put(key, field.current().get());
            }
        });
        fields.clear();
        valueFields.clear();
        valuesForm.removeAll();
        Map<String, ValueInfo> values = composed.flattened();
        values.forEach((key, info) -> {
            Field field = field(key, info);
            if (kept.containsKey(key)) {
                field.set().test(kept.get(key));
            }
            fields.put(key, field);
            valueFields.put(key, field.component());
            valuesForm.add(field.component());
        });
        valuesDetails.setSummaryText("Config values (" + values.size() + ")");
        valuesDetails.setVisible(!values.isEmpty());
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
                    return new Field(f, info.text(), () -> f.getValue() == null ? null : String.valueOf(f.getValue()),
                            text -> parse(text, Integer::valueOf).map(v -> set(f, v)).orElse(false));
                }
            }
            case FLOAT -> {
                NumberField f = new NumberField(key);
                f.setValue(((Number) value).doubleValue());
                f.setManualValidation(true);
                f.addValueChangeListener(e -> setError(f, null));
                String initial = HydraSyntax.render(f.getValue());
                return new Field(f, initial, () -> f.getValue() == null ? null : HydraSyntax.render(f.getValue()),
                        text -> parse(text, Double::valueOf).map(v -> set(f, v)).orElse(false));
            }
            case BOOL -> {
                Checkbox f = new Checkbox(key, Boolean.TRUE.equals(value));
                f.setManualValidation(true);
                f.addValueChangeListener(e -> setError(f, null));
                return new Field(f, String.valueOf(f.getValue()), () -> String.valueOf(f.getValue()),
                        text -> HydraSyntax.isBool(text) && set(f, Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT))));
            }
            case NULL -> {
                TextField f = text(key, "");
                f.setPlaceholder("null");
                return new Field(f, "", f::getValue, text -> set(f, text));
            }
            default -> {
            }
        }
        TextField f = text(key, info.text());
        if (info.missing()) {
            f.setHelperText("??? — must be set");
        }
        return new Field(f, info.text(), f::getValue, text -> set(f, text));
    }

    private static <T> Optional<T> parse(String text, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static <V> boolean set(HasValue<?, V> field, V value) {
        field.setValue(value);
        return true;
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
