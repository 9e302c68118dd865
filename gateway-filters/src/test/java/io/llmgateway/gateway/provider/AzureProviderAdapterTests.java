package io.llmgateway.gateway.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.responses.ResponsesClientCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureProviderAdapterTests {

	private final AzureProviderAdapter adapter = new AzureProviderAdapter();

	private static ChatRequest request() {
		ChatRequest r = new ChatRequest().model("alias");
		r.messages().add(Message.text(Role.USER, "hi"));
		return r;
	}

	private UpstreamCall prepare(Deployment d) {
		return adapter.prepareChat(d, request(), EncodeOptions.forModel(d.model())).block(Duration.ofSeconds(5));
	}

	@Test
	void classicUrlWithApiVersionAndApiKeyHeader() {
		UpstreamCall call = prepare(TestDeployments.of("azure", "my-gpt4o")
			.apiBase("https://res.openai.azure.com/")
			.apiKey("k1")
			.apiVersion("2025-01-01-preview")
			.build());
		assertThat(call.uri().toString()).isEqualTo(
				"https://res.openai.azure.com/openai/deployments/my-gpt4o/chat/completions?api-version=2025-01-01-preview");
		assertThat(call.headers().getFirst("api-key")).isEqualTo("k1");
		assertThat(call.headers().containsHeader("Authorization")).isFalse();
	}

	@Test
	void defaultApiVersion() {
		UpstreamCall call = prepare(
				TestDeployments.of("azure", "d").apiBase("https://res.openai.azure.com").apiKey("k").build());
		assertThat(call.uri().getQuery()).isEqualTo("api-version=" + AzureProviderAdapter.DEFAULT_API_VERSION);
	}

	@Test
	void v1PathByVersionOrBase() {
		UpstreamCall byVersion = prepare(TestDeployments.of("azure", "d")
			.apiBase("https://res.openai.azure.com")
			.apiKey("k")
			.apiVersion("v1")
			.build());
		assertThat(byVersion.uri().toString()).isEqualTo("https://res.openai.azure.com/openai/v1/chat/completions");
		UpstreamCall byBase = prepare(
				TestDeployments.of("azure", "d").apiBase("https://res.openai.azure.com/openai/v1").apiKey("k").build());
		assertThat(byBase.uri().toString()).isEqualTo("https://res.openai.azure.com/openai/v1/chat/completions");
	}

	private UpstreamCall prepareResponses(Deployment d) {
		ChatRequest r = new ResponsesClientCodec().decodeRequest(
				"{\"model\":\"alias\",\"input\":\"hi\",\"store\":true}".getBytes(StandardCharsets.UTF_8));
		return adapter.prepareChat(d, r, EncodeOptions.forModel(d.model())).block(Duration.ofSeconds(5));
	}

	@Test
	void responsesClientsGoToAzuresResponsesApiWithTheDeploymentAsModel() {
		UpstreamCall classic = prepareResponses(TestDeployments.of("azure", "my-gpt5")
			.apiBase("https://res.openai.azure.com")
			.apiKey("k")
			.build());
		assertThat(classic.uri().toString()).isEqualTo("https://res.openai.azure.com/openai/responses?api-version="
				+ AzureProviderAdapter.RESPONSES_API_VERSION);
		assertThat(classic.codec().protocol()).isEqualTo(Protocol.OPENAI_RESPONSES);
		assertThat(new String(classic.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"model\":\"my-gpt5\",\"input\":\"hi\",\"store\":true}");
		assertThat(classic.headers().getFirst("api-key")).isEqualTo("k");

		UpstreamCall newer = prepareResponses(TestDeployments.of("azure", "d")
			.apiBase("https://res.openai.azure.com")
			.apiKey("k")
			.apiVersion("2025-06-01-preview")
			.build());
		assertThat(newer.uri().getQuery()).isEqualTo("api-version=2025-06-01-preview");
		UpstreamCall v1 = prepareResponses(
				TestDeployments.of("azure", "d").apiBase("https://res.openai.azure.com/openai/v1").apiKey("k").build());
		assertThat(v1.uri().toString()).isEqualTo("https://res.openai.azure.com/openai/v1/responses");
	}

	@Test
	void entraTokenAsBearer() {
		UpstreamCall call = prepare(TestDeployments.of("azure", "d")
			.apiBase("https://res.openai.azure.com")
			.apiKey("Bearer eyJ0eXAi.entra")
			.build());
		assertThat(call.headers().getFirst("Authorization")).isEqualTo("Bearer eyJ0eXAi.entra");
		assertThat(call.headers().containsHeader("api-key")).isFalse();
	}

	@Test
	void validationNamesTheKey() {
		assertThatThrownBy(() -> adapter.validate(TestDeployments.of("azure", "d").apiBase("https://x").model(),
				"llm.models[3]"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("llm.models[3].api-key");
		adapter.validate(TestDeployments.of("azure", "d")
			.apiBase("https://x")
			.headers(Map.of("Authorization", "Bearer t"))
			.model(), "llm.models[3]");
	}
}
