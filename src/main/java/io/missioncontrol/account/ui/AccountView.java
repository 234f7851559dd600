package io.missioncontrol.account.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.account.CreatedToken;
import io.missioncontrol.account.MemberInfo;
import io.missioncontrol.account.MemberService;
import io.missioncontrol.account.PersonalTokenService;
import io.missioncontrol.account.TokenInfo;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.Notifications;
import jakarta.annotation.security.PermitAll;

/** The signed-in member's own account: who they are, and their personal API tokens (make, revoke). */
@Route("account")
@PageTitle("Account · Mission Control")
@Menu(order = 10, title = "Account", icon = "vaadin:user")
@PermitAll
class AccountView extends VerticalLayout {

    final Grid<TokenInfo> tokens = new Grid<>();
    final TextField tokenName = new TextField("New token's name");
    final IntegerField expiresInDays = new IntegerField("Expires in days");
    final Button create = new Button("Make token", VaadinIcon.KEY.create());
    /** The token just made, shown once. */
    TextField shownToken;
    private final PersonalTokenService tokenService;
    private final MemberInfo me;

    AccountView(MemberService members, PersonalTokenService tokenService) {
        this.tokenService = tokenService;
        this.me = members.me();
        tokenName.setPlaceholder("e.g. laptop, CI");
        expiresInDays.setHelperText("empty: never");
        expiresInDays.setMin(1);
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClickListener(e -> create());
        tokens.setId("tokens-grid");
        tokens.addColumn(TokenInfo::name).setHeader("Name");
        tokens.addColumn(t -> t.prefix() + "…").setHeader("Token").setPartNameGenerator(t -> "mc-mono");
        tokens.addColumn(t -> Formats.dateTime(t.createdAt())).setHeader("Made");
        tokens.addColumn(t -> t.expiresAt() == null ? "never" : Formats.dateTime(t.expiresAt())).setHeader("Expires");
        tokens.addColumn(t -> t.lastUsedAt() == null ? "never" : Formats.dateTime(t.lastUsedAt()))
                .setHeader("Last used");
        tokens.addComponentColumn(t -> {
            Button revoke = new Button("Revoke", e -> confirmRevoke(t));
            revoke.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.SMALL);
            return revoke;
        }).setKey("actions").setFlexGrow(0).setWidth("8rem");
        add(new H2("Account"),
                new Paragraph("Signed in as " + me.username() + " (" + me.role() + ")."),
                new H3("Personal API tokens"),
                new Paragraph("Send one as 'Authorization: Bearer <token>' to the REST API."),
                new HorizontalLayout(tokenName, expiresInDays, create), tokens);
        refresh();
    }

    void refresh() {
        tokens.setItems(tokenService.list(me.username()));
    }

    void create() {
        tokenName.setInvalid(false);
        expiresInDays.setInvalid(false);
        CreatedToken created;
        try {
            created = tokenService.create(me.username(), tokenName.getValue(), expiresInDays.getValue());
        } catch (InvalidInputException e) {
            mark(tokenName, e.messageFor("name"));
            if (e.messageFor("expires_in_days") != null) {
                expiresInDays.setErrorMessage(e.messageFor("expires_in_days"));
                expiresInDays.setInvalid(true);
            }
            return;
        }
        tokenName.clear();
        expiresInDays.clear();
        refresh();
        showOnce(created);
    }

    private void showOnce(CreatedToken created) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Token '" + created.name() + "'");
        shownToken = new TextField();
        shownToken.setValue(created.token());
        shownToken.setReadOnly(true);
        shownToken.setWidthFull();
        shownToken.setId("new-token");
        shownToken.addFocusListener(e -> shownToken.getElement().executeJs("this.inputElement.select()"));
        dialog.add(new Paragraph("Copy it now (select it and press Ctrl+C): it is shown this once and cannot be "
                + "read again."), shownToken);
        dialog.getFooter().add(new Button("Done", e -> dialog.close()));
        dialog.setWidth("36rem");
        dialog.open();
    }

    void confirmRevoke(TokenInfo token) {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Revoke token " + token.name() + "?");
        dialog.setText("Anything still using it gets 401 from now on.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Revoke");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> revoke(token));
        dialog.open();
    }

    private void revoke(TokenInfo token) {
        try {
            tokenService.revoke(me.username(), token.id());
            Notifications.success("Revoked token " + token.name());
        } catch (NotFoundException e) {
            Notifications.error(e.getMessage());
        }
        refresh();
    }

    private static void mark(TextField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(message != null);
    }
}
