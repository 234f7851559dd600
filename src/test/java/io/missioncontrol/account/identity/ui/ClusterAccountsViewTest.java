package io.missioncontrol.account.identity.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.account.Role;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** My cluster accounts, for alice, against the dev cluster (own key on "dev", sudo on "dev-sudo"). */
@Tag("cluster")
class ClusterAccountsViewTest extends KaribuTest {

    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    @AfterEach
    void clean() {
        jdbc.update("delete from cluster_accounts");
    }

    @Test
    void savingTheUnixAccountShowsTheKeyLineAndTestAsMeSaysWhyItFailsUntilTheLineIsAdded() throws Exception {
        startUi("alice", Role.MEMBER);
        UI.getCurrent().navigate("account/clusters");
        var card = _get(com.vaadin.flow.component.orderedlayout.VerticalLayout.class,
                spec -> spec.withId("cluster-account-dev"));
        _assertNone(card, TextArea.class); // no key line before the Unix account is saved

        _setValue(_get(card, TextField.class, spec -> spec.withLabel("Unix account")), "Alice");
        _click(_get(card, Button.class, spec -> spec.withText("Save")));
        assertThat(_get(card, TextField.class, spec -> spec.withLabel("Unix account")).isInvalid()).isTrue();

        _setValue(_get(card, TextField.class, spec -> spec.withLabel("Unix account")), "alice");
        _click(_get(card, Button.class, spec -> spec.withText("Save")));
        TextArea line = _get(card, TextArea.class);
        assertThat(line.isReadOnly()).isTrue();
        assertThat(line.getValue()).startsWith("ssh-ed25519 AAAA").endsWith(" mission-control:alice@dev");
        assertThat(_get(card, Span.class, spec -> spec.withClasses("mc-key-hint")).getText())
                .contains("/home/alice/.ssh/authorized_keys");

        _click(_get(card, Button.class, spec -> spec.withText("Test as me")));
        Span result = _get(card, Span.class, spec -> spec.withClasses("mc-test-result"));
        awaitUi("the test's result", Duration.ofSeconds(30), () -> result.getText().endsWith(" ms)"));
        assertThat(result.getText()).startsWith("Failed — ").contains("refused", "authorized_keys");
        assertThat(result.getElement().getAttribute("data-success")).isEqualTo("false");

        var sudoCard = _get(com.vaadin.flow.component.orderedlayout.VerticalLayout.class,
                spec -> spec.withId("cluster-account-dev-sudo"));
        assertThat(_get(sudoCard, Span.class, spec -> spec.withClasses("mc-account-mode")).getText())
                .contains("sudo");
        _assertNone(sudoCard, TextArea.class);
    }
}
