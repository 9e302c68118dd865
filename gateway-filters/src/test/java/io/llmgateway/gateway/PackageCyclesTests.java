package io.llmgateway.gateway;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No two packages of the starter depend on each other, directly or through others: capabilities talk through
 * {@code core}, and a newcomer can read the packages bottom-up (docs/architecture.md draws the graph).
 */
class PackageCyclesTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.llmgateway.gateway");

	/**
	 * Known exception: {@code auth}'s auto-configuration builds the Spring Security beans of {@code auth.security},
	 * which implement {@code auth}'s interfaces. The sub-package only exists to keep the optional library out of
	 * always-loaded classes; moving that configuration into {@code auth.security} removes the exception.
	 */
	private static final DescribedPredicate<JavaClass> KNOWN_EXCEPTIONS = DescribedPredicate.describe(
			"the auth auto-configuration (builds auth.security's beans)",
			c -> c.getName().startsWith("io.llmgateway.gateway.auth.LlmAuthAutoConfiguration"));

	@Test
	void capabilitiesDependOnEachOtherWithoutCycles() {
		slices().matching("io.llmgateway.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void everyPackageIncludingSubPackagesIsFreeOfCycles() {
		slices().matching("io.llmgateway.gateway.(**)")
			.should()
			.beFreeOfCycles()
			.ignoreDependency(KNOWN_EXCEPTIONS, DescribedPredicate.alwaysTrue())
			.check(CLASSES);
	}
}
