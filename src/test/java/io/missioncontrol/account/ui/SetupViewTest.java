package io.missioncontrol.account.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.account.MemberService;
import io.missioncontrol.base.ConflictException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The first-run page: only while no admin exists, only from this machine; it makes the first admin. */
class SetupViewTest extends KaribuTest {

    @Autowired MemberService members;
    @Autowired JdbcTemplate jdbc;

    @AfterEach
    void restoreTheTestAdmin() {
        deleteAllRows();
    }

    @Test
    void withAnAdminTheFirstRunPageSendsToTheSignInPage() {
        startUiSignedOut();
        UI.getCurrent().navigate("setup");
        assertThat(_find(SetupView.class)).isEmpty();
        assertThat(_find(LoginForm.class)).hasSize(1);
    }

    @Test
    void withoutAnAdminItMakesTheFirstAdminFromLoopback() {
        jdbc.update("delete from users");
        startUiSignedOut();
        UI.getCurrent().navigate("setup");
        SetupView view = _get(SetupView.class);
        _setValue(view.username, "root_admin");
        _setValue(view.password, "short");
        _setValue(view.repeat, "short");
        _click(view.create);
        assertThat(view.password.isInvalid()).isTrue();
        assertThat(members.adminExists()).isFalse();

        _setValue(view.password, "a long enough password");
        _setValue(view.repeat, "a long enough password");
        _click(view.create);
        assertThat(members.adminExists()).isTrue();
        assertThat(jdbc.queryForObject("select password_hash from users where username = 'root_admin'", String.class))
                .startsWith("{bcrypt}");
        // the page is gone for good
        UI.getCurrent().navigate("setup");
        assertThat(_find(SetupView.class)).isEmpty();
    }

    @Test
    void fromAnotherAddressThereIsNoFirstRunPage() {
        jdbc.update("delete from users");
        MockVaadin.setMockRequestFactory(session -> new FakeRequest(session) {
            @Override
            public String getRemoteAddr() {
                return "192.0.2.10"; // TEST-NET: never contacted, only compared
            }
        });
        com.vaadin.flow.function.SerializableSupplier<UI> ui = UI::new;
        MockVaadin.setup(ui::get, new com.github.mvysny.kaributesting.v10.spring.MockSpringServlet(
                new com.github.mvysny.kaributesting.v10.Routes().autoDiscoverViews("io.missioncontrol.account"),
                context, ui::get));
        UI.getCurrent().navigate("setup");
        assertThat(_find(SetupView.class)).isEmpty();
        assertThatThrownBy(() -> members.createFirstAdmin("x_admin", "a long enough password", "192.0.2.10"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> members.createFirstAdmin("x_admin", "a long enough password", "localhost"))
                .as("names are not looked up").isInstanceOf(ConflictException.class);
        assertThat(members.adminExists()).isFalse();
    }

    @Test
    void theServiceRefusesASecondFirstAdmin() {
        assertThatThrownBy(() -> members.createFirstAdmin("second", "a long enough password", "127.0.0.1"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("admin exists");
    }
}
