package io.llmgateway.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.Usage;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** Builds LLM contexts and fake chains for rate-limit tests, without the model and translate filters. */
final class TestLlm {

	private TestLlm() {
	}

	/** A Bucket4j clock that moves only when the test moves {@code nanos}: no refill during a test. */
	static TimeMeter clock(AtomicLong nanos) {
		return new TimeMeter() {
			@Override
			public long currentTimeNanos() {
				return nanos.get();
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}
		};
	}

	static ChatRequest request(String model, String text, Integer maxTokens) {
		ChatRequest r = new ChatRequest().model(model).maxTokens(maxTokens);
		r.messages().add(Message.text(Role.USER, text));
		return r;
	}

	static LlmExchange llm(Protocol protocol, ChatRequest request, Identity identity) {
		LlmExchange llm = new LlmExchange(UUID.randomUUID().toString(), protocol, new Codec(protocol),
				"{}".getBytes(StandardCharsets.UTF_8), request);
		llm.identity(identity);
		llm.routeId("test-route");
		return llm;
	}

	static Identity key(String keyId) {
		return new Identity(keyId, null, null, null, null, null, null, Map.of(), false);
	}

	static Identity key(String keyId, Identity.Limits limits) {
		return new Identity(keyId, null, "user-" + keyId, "team-" + keyId, null, limits, null, Map.of(), false);
	}

	static MockServerWebExchange exchange(LlmExchange llm) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/v1/chat/completions").build());
		exchange.getAttributes().put(LlmExchange.ATTRIBUTE, llm);
		return exchange;
	}

	/** A terminal chain that "answers" with {@code usage} and completes the context, as LlmModel would. */
	static GatewayFilterChain answering(Usage usage) {
		return ex -> {
			LlmExchange llm = LlmExchange.get(ex);
			llm.markUpstreamSent();
			llm.usage(usage);
			llm.status(200);
			llm.complete(Completion.SUCCESS);
			return Mono.empty();
		};
	}

	/** A chain that never completes the context: the caller ends the exchange. */
	static GatewayFilterChain holding() {
		return ex -> Mono.empty();
	}

	static Deployment deployment(String id, String group, Long rpm, Long tpm) {
		LlmProperties.Model m = new LlmProperties.Model(group, "openai", "gpt-4o", null, null, id, null, rpm, tpm,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
		return new Deployment(id, group, "openai", "gpt-4o", null, m);
	}

	static ModelGroup group(String name, Deployment... deployments) {
		return new ModelGroup(name, List.of(deployments));
	}

	/** Errors in the OpenAI or Anthropic dialect; nothing else is needed here. */
	static final class Codec implements ClientCodec {

		private final Protocol protocol;

		Codec(Protocol protocol) {
			this.protocol = protocol;
		}

		@Override
		public Protocol protocol() {
			return protocol;
		}

		@Override
		public ChatRequest decodeRequest(byte[] body) {
			return new ChatRequest();
		}

		@Override
		public byte[] encodeResponse(ChatResponse response, String clientModel) {
			return new byte[0];
		}

		@Override
		public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage) {
			return event -> null;
		}

		@Override
		public byte[] encodeError(LlmError error) {
			String msg = error.message().replace("\"", "'");
			String json = protocol == Protocol.ANTHROPIC
					? "{\"type\":\"error\",\"error\":{\"type\":\"" + error.type().anthropicType() + "\",\"message\":\""
							+ msg + "\"}}"
					: "{\"error\":{\"message\":\"" + msg + "\",\"type\":\"" + error.type().openAiType()
							+ "\",\"code\":\"" + error.code() + "\"}}";
			return json.getBytes(StandardCharsets.UTF_8);
		}
	}
}
