package io.missioncontrol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of the design (docs: ARCHITECTURE.md, "Dependencies point one way"), kept by the build. */
@AnalyzeClasses(packages = "io.missioncontrol", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** E.g. {@code job} uses {@code project}, so nothing in {@code project} may use {@code job}. */
    @ArchTest
    static final ArchRule featuresDependOnEachOtherOneWayOnly = slices().matching("io.missioncontrol.(*)..")
            .namingSlices("feature $1").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyViewsAndTheAppShellKnowVaadin = noClasses()
            .that().resideOutsideOfPackage("..ui..").and().doNotBelongToAnyOf(Application.class)
            .should().dependOnClassesThat().resideInAPackage("com.vaadin..")
            .because("Vaadin belongs in */ui and base/ui; services stay usable from the REST API and the poller");

    @ArchTest
    static final ArchRule clustersKnowNoJpa = noClasses()
            .that().resideInAPackage("..cluster..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.springframework.data..")
            .because("cluster definitions come from clusters.yaml and SLURM, not from the database");

    @ArchTest
    static final ArchRule onlyTheClusterFeatureTouchesSsh = noClasses()
            .that().resideOutsideOfPackage("..cluster..")
            .should().dependOnClassesThat().resideInAPackage("..cluster.ssh..")
            .because("other features reach clusters through the cluster gateway, never through raw SSH");
}
