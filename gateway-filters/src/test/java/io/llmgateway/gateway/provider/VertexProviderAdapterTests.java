package io.llmgateway.gateway.provider;

import java.nio.file.Path;
import java.time.Duration;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.gateway.support.mock.GoogleTokenEndpoint;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VertexProviderAdapterTests {

	@TempDir
	Path dir;

	private static ChatRequest request(boolean stream) {
		ChatRequest r = new ChatRequest().model("alias").maxTokens(100).stream(stream);
		r.messages().add(Message.text(Role.USER, "hi"));
		return r;
	}

	@Test
	void claudeAndGeminiUrlsBodiesAndBearerToken() throws Exception {
		try (GoogleTokenEndpoint endpoint = new GoogleTokenEndpoint()) {
			String file = endpoint.writeServiceAccountFile(dir).toString();
			VertexProviderAdapter adapter = new VertexProviderAdapter(new GoogleAccessTokens());
			Deployment claude = TestDeployments.of("vertex", "claude-sonnet-4@20250514")
				.vertex("proj-1", "us-east5", file)
				.build();
			UpstreamCall call = adapter.prepareChat(claude, request(true), EncodeOptions.forModel(claude.model()))
				.block(Duration.ofSeconds(20));
			assertThat(call.uri().toString()).isEqualTo("https://us-east5-aiplatform.googleapis.com/v1/projects/proj-1"
					+ "/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict");
			assertThat(call.codec().protocol()).isEqualTo(Protocol.ANTHROPIC);
			assertThat(call.headers().getFirst("Authorization")).isEqualTo("Bearer " + GoogleTokenEndpoint.token(1));
			JsonNode body = Json.MAPPER.readTree(call.body());
			assertThat(body.has("model")).isFalse();
			assertThat(body.get("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");

			Deployment gemini = TestDeployments.of("vertex", "gemini-2.5-flash").vertex("proj-1", "global", file).build();
			UpstreamCall g = adapter.prepareChat(gemini, request(false), EncodeOptions.forModel(gemini.model()))
				.block(Duration.ofSeconds(20));
			assertThat(g.uri().toString()).isEqualTo("https://aiplatform.googleapis.com/v1/projects/proj-1/locations/global"
					+ "/publishers/google/models/gemini-2.5-flash:generateContent");
			assertThat(g.codec().protocol()).isEqualTo(Protocol.GEMINI);
			// one token for both deployments: cached per credentials file
			assertThat(endpoint.issued.get()).isEqualTo(1);
		}
	}

	@Test
	void projectIsRequired() {
		VertexProviderAdapter adapter = new VertexProviderAdapter(new GoogleAccessTokens());
		assertThatThrownBy(() -> adapter.validate(TestDeployments.of("vertex", "gemini-2.5-flash").model(),
				"llm.models[1]"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("llm.models[1].vertex-project");
	}
}
