package io.missioncontrol.account.identity.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.account.Actor;
import jakarta.annotation.security.PermitAll;
import io.missioncontrol.account.identity.ClusterIdentities;
import io.missioncontrol.account.identity.ClusterIdentities.ClusterAccountView;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.ui.Background;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterService;
import java.util.List;

/**
 * A member's cluster accounts: per cluster the Unix account, the mode, the exact authorized_keys line to add
 * (own-key clusters) and a Test as me button.
 */
@Route("account/clusters")
@PermitAll
@PageTitle("My cluster accounts · Mission Control")
@Menu(order = 6, title = "My cluster accounts", icon = "vaadin:key")
class ClusterAccountsView extends VerticalLayout implements BeforeEnterObserver {

    private final ClusterIdentities identities;
    private final ClusterService clusters;
    private final Div cards = new Div();
    private String member;

    ClusterAccountsView(ClusterIdentities identities, ClusterService clusters) {
        this.identities = identities;
        this.clusters = clusters;
        cards.addClassName("mc-cards");
        add(new H2("My cluster accounts"), new Paragraph("Your jobs run as your own Unix account on each cluster."
                + " Name it here; on clusters that use your own key, add the line shown to ~/.ssh/authorized_keys"
                + " there, then press Test as me."), cards);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        member = currentMember(event);
        show();
    }

    /** The member this page is for: whoever is signed in (each member sees and changes only their own). */
    String currentMember(BeforeEnterEvent event) {
        return Actor.username();
    }

    private void show() {
        cards.removeAll();
        if (member == null) {
            cards.add(new EmptyState("Not signed in", "Sign in to set up your cluster accounts."));
            return;
        }
        if (clusters.clusters().isEmpty()) {
            cards.add(new EmptyState("No clusters configured yet", "Clusters come from " + clusters.clustersFile()
                    + "."));
            return;
        }
        for (ClusterAccountView account : identities.list(member)) {
            clusters.find(account.cluster()).ifPresent(c -> cards.add(new AccountCard(c, account)));
        }
    }

    /** One cluster: the Unix account field, the mode, the key line and the test. */
    private final class AccountCard extends VerticalLayout {
        private final ClusterDefinition cluster;
        private final TextField unixUser = new TextField("Unix account");
        private final Span mode = new Span();
        private final TextArea keyLine = new TextArea("Add this line to ~/.ssh/authorized_keys on the cluster");
        private final Span keyHint = new Span();
        private final Button save = new Button("Save", VaadinIcon.CHECK.create());
        private final Button copy = new Button("Copy line", VaadinIcon.COPY.create());
        private final Button test = new Button("Test as me", VaadinIcon.CONNECT.create());
        private final ProgressBar progress = new ProgressBar();
        private final Span result = new Span();

        AccountCard(ClusterDefinition cluster, ClusterAccountView account) {
            this.cluster = cluster;
            setId("cluster-account-" + cluster.name());
            addClassName("mc-card");
            setWidth("40em");
            unixUser.setHelperText("e.g. alice: lowercase letters, digits, '_' and '-'");
            unixUser.setWidthFull();
            keyLine.setReadOnly(true);
            keyLine.setWidthFull();
            keyLine.addClassName("mc-key-line");
            keyHint.addClassName("mc-key-hint");
            mode.addClassName("mc-account-mode");
            result.addClassName("mc-test-result");
            progress.setIndeterminate(true);
            progress.setVisible(false);
            save.addThemeVariants(ButtonVariant.PRIMARY);
            save.addClickListener(e -> save());
            copy.addClickListener(e -> {
                getUI().ifPresent(ui -> ui.getPage().executeJs("navigator.clipboard.writeText($0)",
                        keyLine.getValue()));
                Notifications.info("Copied the key line for " + cluster.label());
            });
            test.addClickListener(e -> test());
            HorizontalLayout accountRow = new HorizontalLayout(unixUser, save);
            accountRow.setWidthFull();
            accountRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
            add(new H3(cluster.label()), mode, accountRow, keyLine, new HorizontalLayout(copy, keyHint),
                    new HorizontalLayout(test, result), progress);
            fill(account);
        }

        private void fill(ClusterAccountView account) {
            boolean service = ClusterIdentities.SERVICE_ACCOUNT_MODE.equals(account.mode());
            unixUser.setValue(account.username() == null ? "" : account.username());
            unixUser.setReadOnly(service);
            save.setVisible(!service);
            mode.setText(switch (account.mode()) {
                case ClusterIdentities.SERVICE_ACCOUNT_MODE -> "You act as the cluster's service account "
                        + cluster.user() + ".";
                case "sudo" -> "Mode: sudo — the portal runs your jobs as your account through the cluster's"
                        + " service account (sudo -n -u); no key needed.";
                default -> "Mode: own key — the portal logs in as your account with a key pair made for you.";
            });
            boolean hasKey = account.publicKey() != null;
            keyLine.setValue(hasKey ? account.publicKey() : "");
            keyLine.setVisible(hasKey);
            copy.setVisible(hasKey);
            keyHint.setText(hasKey ? "Append it as one line to /home/" + account.username()
                    + "/.ssh/authorized_keys (or wherever your home is) on " + cluster.host() + "." : "");
            test.setEnabled(service || account.username() != null);
        }

        private void save() {
            unixUser.setInvalid(false);
            try {
                fill(identities.setUp(member, cluster.name(), unixUser.getValue().strip()));
                Notifications.success("Saved your account on " + cluster.label());
            } catch (InvalidInputException e) {
                unixUser.setErrorMessage(e.messageFor("username") != null ? e.messageFor("username")
                        : e.getMessage());
                unixUser.setInvalid(true);
            } catch (ConflictException | NotFoundException e) {
                Notifications.error(e.getMessage());
            }
        }

        private void test() {
            test.setEnabled(false);
            progress.setVisible(true);
            result.setText("Testing…");
            result.getElement().removeAttribute("data-success");
            Background.run(() -> identities.test(member, cluster.name()), outcome -> {
                done();
                result.setText((outcome.success() ? "Works — " : "Failed — ") + outcome.message() + " ("
                        + outcome.latencyMs() + " ms)");
                result.getElement().setAttribute("data-success", String.valueOf(outcome.success()));
            }, e -> {
                done();
                result.setText("Failed — " + e.getMessage());
                result.getElement().setAttribute("data-success", "false");
            });
        }

        private void done() {
            progress.setVisible(false);
            test.setEnabled(true);
        }
    }
}
