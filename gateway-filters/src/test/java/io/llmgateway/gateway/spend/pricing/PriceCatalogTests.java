package io.llmgateway.gateway.spend.pricing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmgateway.gateway.spend.SpendFixtures;
import org.junit.jupiter.api.Test;

import static io.llmgateway.gateway.spend.SpendFixtures.deployment;
import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceCatalogTests {

	@Test
	void builtinTableCoversMainstreamProviders() {
		PriceCatalog catalog = SpendFixtures.catalog();
		for (String[] d : new String[][] { { "openai", "gpt-4o-mini" }, { "openai", "gpt-5" },
				{ "anthropic", "claude-opus-4-1-20250805" }, { "gemini", "gemini-2.5-flash" },
				{ "vertex", "gemini-2.5-pro" }, { "vertex", "claude-haiku-4-5@20251001" },
				{ "bedrock", "anthropic.claude-sonnet-4-20250514-v1:0" }, { "bedrock", "eu.amazon.nova-pro-v1:0" },
				{ "mistral", "mistral-small-latest" }, { "deepseek", "deepseek-reasoner" },
				{ "azure", "gpt-4o" } }) {
			AppliedPrice p = catalog.forDeployment(deployment("a-" + d[1], d[0], d[1]));
			assertThat(p.known()).as(d[0] + "/" + d[1]).isTrue();
			assertThat(p.source()).isEqualTo(AppliedPrice.BUILTIN);
			assertThat(p.version()).hasSize(16);
		}
	}

	@Test
	void readsLiteLlmFileExactlyAndPrefersItOverTheBuiltinTable() {
		String json = """
				{
				  "sample_spec": {"max_tokens": "set to max_output_tokens if provider specifies it", "input_cost_per_token": 0.0000,
				    "litellm_provider": "one of https://docs.litellm.ai/docs/providers"},
				  "gpt-4o": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
				    "cache_read_input_token_cost": 1.25e-06, "litellm_provider": "openai", "max_input_tokens": 128000,
				    "supports_vision": true},
				  "my-model": {"input_cost_per_token": 0.1E-6, "output_cost_per_token": "3e-7", "litellm_provider": "openai"},
				  "dall-e-3": {"output_cost_per_image": 0.04, "litellm_provider": "openai", "mode": "image_generation"}
				}
				""";
		PriceTable file = PriceTable.parse(json.getBytes(StandardCharsets.UTF_8), AppliedPrice.FILE);
		assertThat(file.get("GPT-4O").input()).isEqualTo(usd("0.0000025"));
		assertThat(file.get("gpt-4o").maxInputTokens()).isEqualTo(128000L);
		assertThat(file.get("my-model").output()).isEqualByComparingTo(usd("0.0000003"));
		assertThat(file.get("dall-e-3")).isNull();
		PriceCatalog catalog = new PriceCatalog(List.of(file, SpendFixtures.builtin()));
		AppliedPrice gpt4o = catalog.forDeployment(deployment("x", "openai", "gpt-4o"));
		assertThat(gpt4o.source()).isEqualTo(AppliedPrice.FILE);
		assertThat(gpt4o.version()).isEqualTo(file.version());
		assertThat(catalog.forDeployment(deployment("y", "openai", "gpt-4.1")).source()).isEqualTo(AppliedPrice.BUILTIN);
	}

	@Test
	void rejectsNonObjectFiles() {
		assertThatThrownBy(() -> PriceTable.parse("[1,2]".getBytes(StandardCharsets.UTF_8), AppliedPrice.FILE))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void candidateKeysFollowLiteLlmSpellings() {
		assertThat(PriceCatalog.candidates("gemini", "gemini-2.5-pro")).startsWith("gemini/gemini-2.5-pro");
		assertThat(PriceCatalog.candidates("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0"))
			.contains("anthropic.claude-3-7-sonnet-20250219-v1:0");
		assertThat(PriceCatalog.candidates("vertex", "claude-sonnet-4@20250514"))
			.contains("vertex_ai/claude-sonnet-4@20250514");
		assertThat(PriceCatalog.candidates("openai", "gpt-4o-2099-01-01")).contains("gpt-4o");
	}
}
