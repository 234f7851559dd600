package io.missioncontrol.project.ui;

import com.vaadin.flow.component.Component;

/**
 * A section that another feature adds to the project page, below the project's own sections (the job feature
 * adds the project's job history). Implementations are prototype-scoped Spring beans, so every page gets its own
 * components; {@code @Order} on them sets the order of the sections.
 */
public interface ProjectPageSection {

    /** The section's heading. */
    String title();

    /** The section's content: one component for the life of the page. */
    Component content();

    /**
     * Shows the project's part. Called whenever the page is rendered, also when Vaadin reuses the page for
     * another project.
     */
    void show(String projectId);
}
