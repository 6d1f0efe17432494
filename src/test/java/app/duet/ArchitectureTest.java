package app.duet;


import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the main code, as rules that fail the build when broken (docs/ARCHITECTURE.md,
 * "Packages"): {@code cli} → {@code wiring} → {@code web} → services ({@code accounts},
 * {@code contacts}, {@code chats}) → {@code delivery} → {@code storage} → {@code model}, with the
 * primitives of {@code limits} (shared limits) used by the services and implemented in {@code delivery.redis}, and the
 * shared basics of the root package ({@link DuetConfig}, {@link ErrorCode}, {@link Json}, ...)
 * below them all.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("app.duet");

    private static final DescribedPredicate<JavaClass> WIRING =
            DescribedPredicate.describe("the wiring (app.duet.wiring)", c -> c.getPackageName().startsWith("app.duet.wiring"));
    private static final DescribedPredicate<JavaClass> BASICS = DescribedPredicate.describe("the root package's basics",
            c -> c.getPackageName().equals("app.duet"));

    private static DescribedPredicate<JavaClass> dependOn(String what, String packagePrefix) {
        return DescribedPredicate.describe("depend on " + what, c -> c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith(packagePrefix)));
    }

    @Test
    void packages_form_layers_each_used_only_by_those_above_it() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("CLI").definedBy("app.duet.cli..")
                .layer("Bench").definedBy("app.duet.bench..")
                .layer("Backup").definedBy("app.duet.backup..")
                .layer("Wiring").definedBy(WIRING)
                .layer("Web").definedBy("app.duet.web..")
                .layer("Services").definedBy("app.duet.accounts..", "app.duet.contacts..", "app.duet.chats..", "app.duet.files..",
                        "app.duet.export..")
                .layer("Delivery").definedBy("app.duet.delivery..")
                .layer("Limits").definedBy("app.duet.limits..")
                .layer("Storage").definedBy("app.duet.storage..")
                .layer("Model").definedBy("app.duet.model..")
                .layer("Basics").definedBy(BASICS)
                .whereLayer("CLI").mayNotBeAccessedByAnyLayer()
                .whereLayer("Bench").mayOnlyBeAccessedByLayers("CLI")
                .whereLayer("Backup").mayOnlyBeAccessedByLayers("CLI")
                .whereLayer("Wiring").mayOnlyBeAccessedByLayers("CLI", "Bench")
                .whereLayer("Web").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Web", "Wiring", "CLI")
                .whereLayer("Delivery").mayOnlyBeAccessedByLayers("Services", "Web", "Wiring")
                .whereLayer("Limits").mayOnlyBeAccessedByLayers("Services", "Delivery", "Wiring")
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("Delivery", "Services", "Web", "Wiring", "Bench", "Backup")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Storage", "Delivery", "Services", "Web", "Wiring", "CLI", "Bench");
        rule.check(MAIN);
    }

    @Test
    void the_basics_depend_on_no_layer() {
        noClasses().that(BASICS).should().dependOnClassesThat(resideInAnyPackage(
                        "app.duet.cli..", "app.duet.bench..", "app.duet.web..", "app.duet.accounts..", "app.duet.contacts..",
                        "app.duet.chats..", "app.duet.files..", "app.duet.export..", "app.duet.delivery..", "app.duet.limits..", "app.duet.storage..", "app.duet.model..").or(WIRING))
                .check(MAIN);
    }

    @Test
    void packages_have_no_cycles() {
        slices().matching("app.duet.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void no_class_knows_both_jetty_and_jdbc() {
        noClasses().that(dependOn("Jetty", "org.eclipse.jetty"))
                .should().dependOnClassesThat(resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.sqlite..", "org.postgresql.."))
                .check(MAIN);
    }

    /** The backup package is of the embedded database's files by nature (PostgreSQL has its own tools). */
    @Test
    void only_the_wiring_names_concrete_adapters() {
        noClasses().that(DescribedPredicate.not(WIRING))
                .and().resideOutsideOfPackages("app.duet.storage.sqlite..", "app.duet.storage.postgres..", "app.duet.delivery.redis..",
                        "app.duet.backup..")
                .should().dependOnClassesThat(resideInAnyPackage("app.duet.storage.sqlite..", "app.duet.storage.postgres..",
                                "app.duet.delivery.redis..")
                        .or(DescribedPredicate.describe("InProcessEventBus",
                                c -> c.getName().equals("app.duet.delivery.InProcessEventBus"))))
                .check(MAIN);
    }
}
