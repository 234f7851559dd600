package io.missioncontrol.account.ui;

import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.login.LoginForm;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.account.AuditEvent;
import io.missioncontrol.account.MemberInfo;
import io.missioncontrol.account.MemberService;
import io.missioncontrol.account.PersonalTokenService;
import io.missioncontrol.account.Role;
import io.missioncontrol.account.TokenInfo;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.assertj.core.api.Assertions;

/** The account pages as each role sees them: admins manage users and read the audit log, members their tokens. */
class AccountViewsTest extends KaribuTest {

    @Autowired MemberService members;
    @Autowired PersonalTokenService tokens;
    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    void clean() {
        deleteAllRows();
        tokenFor("mia", Role.MEMBER, null);
        tokenFor("vic", Role.VIEWER, null);
    }

    @Test
    void anAdminAddsAMemberChangesTheRoleAndDisablesAfterConfirming() {
        startUi();
        UI.getCurrent().navigate("admin/users");
        UsersView view = _get(UsersView.class);
        assertThat(GridKt._size(view.grid)).isEqualTo(3);

        _setValue(view.username, "Bad Name");
        _click(view.add);
        assertThat(view.username.isInvalid()).isTrue();
        assertThat(view.username.getErrorMessage()).contains("lowercase");

        _setValue(view.username, "nora");
        _setValue(view.password, "a good long password");
        view.role.setValue(Role.VIEWER);
        _click(view.add);
        assertThat(view.username.isInvalid()).isFalse();
        assertThat(GridKt._size(view.grid)).isEqualTo(4);

        view.update("nora", Role.MEMBER, null);
        view.confirmDisable(member("nora"));
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(member("nora").disabled()).as("nothing before confirming").isFalse();
        ConfirmDialogKt._fireConfirm(confirm);
        assertThat(member("nora").disabled()).isTrue();
        assertThat(member("nora").role()).isEqualTo(Role.MEMBER);

        UI.getCurrent().navigate("admin/audit");
        AuditView audit = _get(AuditView.class);
        List<String> actions = java.util.stream.IntStream.range(0, GridKt._size(audit.grid))
                .mapToObj(i -> GridKt._get(audit.grid, i).getAction()).toList();
        assertThat(actions).contains("user.create", "user.role", "user.disable");
    }

    @Test
    void aMemberMakesATokenSeesItOnceAndRevokesItAfterConfirming() {
        startUi("mia", Role.MEMBER);
        UI.getCurrent().navigate("account");
        AccountView view = _get(AccountView.class);
        int before = GridKt._size(view.tokens);

        _setValue(view.tokenName, "notebook");
        _click(view.create);
        assertThat(view.shownToken.getValue()).startsWith("mc_");
        String token = view.shownToken.getValue();
        assertThat(GridKt._size(view.tokens)).isEqualTo(before + 1);
        TokenInfo made = tokens.list("mia").stream().filter(t -> t.name().equals("notebook")).findFirst().orElseThrow();
        assertThat(made.prefix()).isEqualTo(token.substring(0, made.prefix().length()));
        assertThat(api(token).get().uri("/api/me").retrieve().body(String.class)).contains("\"username\":\"mia\"");

        view.confirmRevoke(made);
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        assertThat(GridKt._size(view.tokens)).isEqualTo(before);
        assertThat(api(token).get().uri("/api/me").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void membersAndViewersCannotOpenTheAdminPages() {
        for (Role role : new Role[] {Role.MEMBER, Role.VIEWER}) {
            startUi(role == Role.MEMBER ? "mia" : "vic", role);
            for (String adminPage : new String[] {"admin/users", "admin/audit"}) {
                Assertions.assertThatThrownBy(() -> UI.getCurrent().navigate(adminPage)).as(adminPage)
                        .isInstanceOf(MockAccessDeniedException.class);
                assertThat(_find(UsersView.class)).isEmpty();
                assertThat(_find(AuditView.class)).isEmpty();
            }
            // the services say no too, whatever page calls them
            Assertions.assertThatThrownBy(() -> members.list()).isInstanceOf(AccessDeniedException.class);
            Assertions.assertThatThrownBy(() -> members.update("admin", Role.VIEWER, null))
                    .isInstanceOf(AccessDeniedException.class);
            Assertions.assertThatThrownBy(() -> tokens.create("admin", "steal", null))
                    .isInstanceOf(AccessDeniedException.class);
            MockVaadin.tearDown();
        }
    }

    @Test
    void aViewerCannotOpenTheLaunchPage() {
        startUi("vic", Role.VIEWER);
        Assertions.assertThatThrownBy(() -> UI.getCurrent().navigate("launch"))
                .isInstanceOf(MockAccessDeniedException.class);
        assertThat(_find(com.vaadin.flow.component.Component.class, spec -> spec.withId("launch-form"))).isEmpty();
        UI.getCurrent().navigate("account");
        assertThat(_get(AccountView.class)).isNotNull();
    }

    @Test
    void nobodySignedInGetsTheSignInPage() {
        startUiSignedOut();
        UI.getCurrent().navigate("projects");
        assertThat(_find(LoginForm.class)).hasSize(1);
    }

    private MemberInfo member(String username) {
        return members.list().stream().filter(m -> m.username().equals(username)).findFirst().orElseThrow();
    }
}
