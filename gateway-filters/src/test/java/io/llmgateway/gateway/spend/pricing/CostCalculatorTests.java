package io.llmgateway.gateway.spend.pricing;

import java.math.BigDecimal;
import java.util.stream.Stream;

import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.spend.SpendFixtures;
import io.llmgateway.translate.model.Usage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.llmgateway.gateway.spend.SpendFixtures.deployment;
import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

/** Exact costs from the built-in table against values computed by hand from the providers' list prices. */
class CostCalculatorTests {

	private final PriceCatalog catalog = SpendFixtures.catalog();

	static Stream<Arguments> fixtures() {
		return Stream.of(
				// plain: 1000 x $2.50/M + 500 x $10/M = 0.0025 + 0.005
				Arguments.of("plain gpt-4o", "openai", "gpt-4o", new Usage(1000, 500, 0, 0, 0), "0.0075"),
				// cached prompt: 200 x $2.50/M + 800 cached x $1.25/M + 100 x $10/M = 0.0005 + 0.001 + 0.001
				Arguments.of("cached prompt gpt-4o", "openai", "gpt-4o-2024-08-06", new Usage(200, 100, 800, 0, 0),
						"0.0025"),
				// reasoning billed as output: 100 x $1.10/M + 1000 (800 reasoning) x $4.40/M = 0.00011 + 0.0044
				Arguments.of("reasoning o3-mini", "openai", "o3-mini", new Usage(100, 1000, 0, 0, 800), "0.00451"),
				// reasoning at its own price: 1000 x $0.15/M + 100 visible x $0.60/M + 200 thinking x $3.50/M
				Arguments.of("reasoning price gemini flash preview", "gemini", "gemini-2.5-flash-preview-04-17",
						new Usage(1000, 300, 0, 0, 200), "0.00091"),
				// Anthropic cache write: 50 x $3/M + 10000 written x $3.75/M + 20000 read x $0.30/M + 400 x $15/M
				Arguments.of("anthropic cache write", "anthropic", "claude-sonnet-4-5-20250929",
						new Usage(50, 400, 20000, 10000, 0), "0.04965"),
				// Anthropic on Bedrock with a region prefix: 1000 x $1/M + 1000 x $5/M
				Arguments.of("bedrock region id", "bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
						new Usage(1000, 1000, 0, 0, 0), "0.006"),
				// Claude on Vertex: 1000 written x $3.75/M + 1000 x $15/M
				Arguments.of("vertex claude", "vertex", "claude-sonnet-4@20250514", new Usage(0, 1000, 0, 1000, 0),
						"0.01875"),
				// Gemini 2.5 Pro above 200k prompt tokens: 250000 x $2.50/M + 1000 x $15/M
				Arguments.of("long context tier", "gemini", "gemini-2.5-pro", new Usage(250000, 1000, 0, 0, 0), "0.64"),
				// DeepSeek cache hit: 1000 x $0.28/M + 9000 x $0.028/M + 1000 x $0.42/M
				Arguments.of("deepseek cache hit", "deepseek", "deepseek-chat", new Usage(1000, 1000, 9000, 0, 0),
						"0.000952"),
				// Mistral: 1M x $2/M + 1M x $6/M
				Arguments.of("mistral large", "mistral", "mistral-large-latest", new Usage(1_000_000, 1_000_000, 0, 0, 0),
						"8"),
				// unknown model: no price, cost 0
				Arguments.of("unknown", "openai-compatible", "my-local-llama", new Usage(1000, 1000, 0, 0, 0), "0"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("fixtures")
	void exactCost(String name, String provider, String model, Usage usage, String expected) {
		AppliedPrice price = catalog.forDeployment(deployment("alias-" + name.replace(' ', '-'), provider, model));
		BigDecimal cost = CostCalculator.cost(usage, price.price());
		assertThat(cost).isEqualByComparingTo(usd(expected));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("overrides")
	void deploymentPricing(String name, LlmProperties.Pricing pricing, Usage usage, String expected) {
		AppliedPrice price = catalog.forDeployment(deployment("custom-" + name, "openai", "gpt-4o", pricing));
		assertThat(price.source()).isEqualTo(AppliedPrice.DEPLOYMENT);
		assertThat(price.version()).isNotBlank();
		assertThat(CostCalculator.cost(usage, price.price())).isEqualByComparingTo(usd(expected));
	}

	static Stream<Arguments> overrides() {
		return Stream.of(
				// full override: 1M x $1 + 0.5M x $2 + 1M cached x $0.10
				Arguments.of("full", new LlmProperties.Pricing(usd("1"), usd("2"), usd("0.10"), null, null),
						new Usage(1_000_000, 500_000, 1_000_000, 0, 0), "2.1"),
				// partial: only output replaced; input and cached input keep gpt-4o's table prices
				Arguments.of("partial", new LlmProperties.Pricing(null, usd("20"), null, null, null),
						new Usage(1000, 1000, 1000, 0, 0), "0.02375"),
				// reasoning priced separately: 1000 visible x $2 + 1000 reasoning x $8 per M
				Arguments.of("reasoning", new LlmProperties.Pricing(usd("0"), usd("2"), null, null, usd("8")),
						new Usage(0, 2000, 0, 0, 1000), "0.01"),
				// cache write priced separately: 1000 x $3 + 1000 written x $3.75 + 1000 x $15 per M
				Arguments.of("cache-write", new LlmProperties.Pricing(usd("3"), usd("15"), usd("0.3"), usd("3.75"), null),
						new Usage(1000, 1000, 0, 1000, 0), "0.02175"));
	}
}
