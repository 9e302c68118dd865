package io.llmgateway.gateway.spend;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.spend.pricing.AppliedPrice;
import io.llmgateway.gateway.spend.pricing.PriceCatalog;
import io.llmgateway.gateway.spend.pricing.PriceTable;
import org.springframework.core.io.ClassPathResource;

/** Helpers shared by the spend tests. */
public final class SpendFixtures {

	private SpendFixtures() {
	}

	public static PriceTable builtin() {
		try (InputStream in = new ClassPathResource(LlmSpendAutoConfiguration.BUILTIN_PRICES).getInputStream()) {
			return PriceTable.parse(in.readAllBytes(), AppliedPrice.BUILTIN);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static PriceCatalog catalog() {
		return new PriceCatalog(List.of(builtin()));
	}

	public static Deployment deployment(String name, String provider, String model) {
		return deployment(name, provider, model, null);
	}

	public static Deployment deployment(String name, String provider, String model, LlmProperties.Pricing pricing) {
		LlmProperties.Model m = new LlmProperties.Model(name, provider, model, null, null, name + "#0", null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, pricing);
		return new Deployment(name + "#0", name, provider, model, null, m);
	}

	public static BigDecimal usd(String v) {
		return new BigDecimal(v);
	}
}
