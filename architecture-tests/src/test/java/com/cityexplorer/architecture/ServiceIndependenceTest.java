package com.cityexplorer.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The services share nothing but common-lib: no service uses another's code, common-lib knows no
 * service, and each service's classes live in its own package. All services are on this module's
 * class path, so a forbidden dependency is seen even when it compiles.
 */
class ServiceIndependenceTest {

    static final List<String> SERVICES = List.of("user", "city", "place", "itinerary", "review", "affiliate", "gateway");
    static final String PLATFORM = "com.cityexplorer.platform..";

    static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.cityexplorer");
    }

    @Test
    void everyServiceIsOnTheClassPath() {
        for (String service : SERVICES) {
            assertThat(classes.stream().anyMatch(type -> type.getPackageName().startsWith("com.cityexplorer." + service)))
                .as("classes of %s-service", service)
                .isTrue();
        }
    }

    @Test
    void servicesDoNotDependOnEachOther() {
        ArchRule rule = slices().assignedFrom(new ServiceSlices()).should().notDependOnEachOther();
        rule.check(classes);
    }

    @Test
    void theRuleCatchesACrossServiceDependency() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(
                com.cityexplorer.user.fixture.UserFixture.class, com.cityexplorer.city.fixture.CityFixture.class);
        ArchRule rule = slices().assignedFrom(new ServiceSlices()).should().notDependOnEachOther();

        assertThatThrownBy(() -> rule.check(fixtures)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("user-service").hasMessageContaining("city-service");
    }

    @Test
    void commonLibDependsOnNoService() {
        ArchRule rule = noClasses().that().resideInAPackage(PLATFORM)
            .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream()
                .map(service -> "com.cityexplorer." + service + "..").toArray(String[]::new));
        rule.check(classes);
    }

    @Test
    void servicesUseOnlyTheirOwnPackageAndTheSharedPlatform() {
        for (String service : SERVICES) {
            ArchRule rule = classes().that().resideInAPackage("com.cityexplorer." + service + "..")
                .should().onlyDependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("com.cityexplorer.."))
                            .or(JavaClass.Predicates.resideInAnyPackage("com.cityexplorer." + service + "..", PLATFORM)));
            rule.check(classes);
        }
    }

    /** One slice per service package; common-lib and the infrastructure modules are not slices. */
    static final class ServiceSlices implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            for (String service : SERVICES) {
                if (javaClass.getPackageName().equals("com.cityexplorer." + service)
                        || javaClass.getPackageName().startsWith("com.cityexplorer." + service + ".")) {
                    return SliceIdentifier.of(service + "-service");
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "services";
        }
    }
}
