package io.llmgateway.gateway.spend;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import org.springframework.core.io.ClassPathResource;

/** Helpers shared by the spend tests. */
final class SpendFixtures {

	private SpendFixtures() {
	}

	static PriceTable builtin() {
		try (InputStream in = new ClassPathResource(LlmSpendAutoConfiguration.BUILTIN_PRICES).getInputStream()) {
			return PriceTable.parse(in.readAllBytes(), AppliedPrice.BUILTIN);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static PriceCatalog catalog() {
		return new PriceCatalog(List.of(builtin()));
	}

	static Deployment deployment(String name, String provider, String model) {
		return deployment(name, provider, model, null);
	}

	static Deployment deployment(String name, String provider, String model, LlmProperties.Pricing pricing) {
		LlmProperties.Model m = new LlmProperties.Model(name, provider, model, null, null, name + "#0", null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, pricing);
		return new Deployment(name + "#0", name, provider, model, null, m);
	}

	static BigDecimal usd(String v) {
		return new BigDecimal(v);
	}
}
