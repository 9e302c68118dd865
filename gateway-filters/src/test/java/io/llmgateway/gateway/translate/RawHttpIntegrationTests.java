package io.llmgateway.gateway.translate;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.support.ClientGoneOnWriteGatewayFilterFactory;
import io.llmgateway.gateway.support.GatewayTestBase;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw HTTP against the real gateway: rejections, broken and silent providers, the models list. */
class RawHttpIntegrationTests extends GatewayTestBase {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	record Answer(int status, String contentType, String body, String requestId, String deployment) {

		JsonNode json() {
			return JSON.readTree(body);
		}
	}

	private Answer post(String body, String requestId) {
		return HttpClient.create()
			.headers(h -> h.set("content-type", "application/json").set("x-request-id", requestId)
				.set("authorization", "Bearer sk-client"))
			.post()
			.uri(baseUrl() + "/v1/chat/completions")
			.send((req, out) -> out.sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8))))
			.responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
				.map(text -> answer(res, text)))
			.block(Duration.ofSeconds(15));
	}

	private Answer get(String path) {
		return HttpClient.create()
			.get()
			.uri(baseUrl() + path)
			.responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
				.map(text -> answer(res, text)))
			.block(Duration.ofSeconds(15));
	}

	private static Answer answer(HttpClientResponse res, String text) {
		return new Answer(res.status().code(), res.responseHeaders().get("content-type"), text,
				res.responseHeaders().get("x-request-id"), res.responseHeaders().get("x-llm-deployment"));
	}

	private static String chat(String model, boolean stream) {
		return "{\"model\":\"" + model + "\",\"stream\":" + stream
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
	}

	@Test
	void malformedJsonIs400() {
		Answer a = post("{\"model\":\"gpt-test\",\"messages\":[", "r-" + UUID.randomUUID());
		assertThat(a.status()).isEqualTo(400);
		assertThat(a.contentType()).startsWith("application/json");
		assertThat(a.json().get("error").get("type").stringValue()).isEqualTo("invalid_request_error");
		assertThat(a.json().get("error").get("message").stringValue()).contains("JSON");
	}

	@Test
	void missingModelIs400NamingTheField() {
		Answer a = post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "r-" + UUID.randomUUID());
		assertThat(a.status()).isEqualTo(400);
		assertThat(a.json().get("error").get("message").stringValue()).contains("'model'");
		assertThat(a.json().get("error").get("param").stringValue()).isEqualTo("model");
	}

	@Test
	void missingMessagesIs400() {
		Answer a = post("{\"model\":\"gpt-test\"}", "r-" + UUID.randomUUID());
		assertThat(a.status()).isEqualTo(400);
		assertThat(a.json().get("error").get("message").stringValue()).contains("'messages'");
	}

	@Test
	void oversizeBodyIs413() {
		String big = "x".repeat(70 * 1024);
		Answer a = post("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}",
				"r-" + UUID.randomUUID());
		assertThat(a.status()).isEqualTo(413);
		assertThat(a.json().get("error").get("message").stringValue()).contains("llm.max-body-size");
	}

	@Test
	void unknownModelIs404WithRequestId() {
		String id = "r-" + UUID.randomUUID();
		Answer a = post(chat("nope", false), id);
		assertThat(a.status()).isEqualTo(404);
		assertThat(a.requestId()).isEqualTo(id);
		assertThat(a.json().get("error").get("message").stringValue()).contains("'nope'").contains("GET /v1/models");
	}

	@Test
	void plainAnswerCarriesDeploymentAndRequestIdHeaders() {
		provider.behave(Replies.json(200, OpenAiReplies.completion("hey")));
		String id = "r-" + UUID.randomUUID();
		Answer a = post(chat("gpt-test", false), id);
		assertThat(a.status()).isEqualTo(200);
		assertThat(a.requestId()).isEqualTo(id);
		assertThat(a.deployment()).isEqualTo("gpt-test#0");
	}

	@Test
	void upstreamCutMidStreamEndsTheClientStreamWithAnInBandError() throws Exception {
		provider.behave(Replies.cutStream(OpenAiReplies.streamPayloads("one", "two").subList(0, 2)));
		String id = "r-" + UUID.randomUUID();
		Answer a = post(chat("gpt-test", true), id);
		assertThat(a.status()).isEqualTo(200);
		assertThat(a.contentType()).startsWith("text/event-stream");
		assertThat(a.body()).contains("\"content\":\"one\"");
		assertThat(a.body()).contains("data: {\"error\"");
		assertThat(a.body()).doesNotContain("[DONE]");
		LlmExchange llm = completed(id);
		assertThat(llm.completion()).isEqualTo(Completion.FAILED);
		assertThat(llm.error()).isNotNull();
	}

	@Test
	void streamWithoutClientUsageRequestDropsTheUsageChunkButRecordsUsage() throws Exception {
		provider.behave(Replies.sse(OpenAiReplies.streamPayloads("a", "b"), Duration.ZERO));
		String id = "r-" + UUID.randomUUID();
		Answer a = post(chat("gpt-test", true), id);
		assertThat(a.status()).isEqualTo(200);
		assertThat(a.body()).contains("data: [DONE]").doesNotContain("\"choices\":[]");
		LlmExchange llm = completed(id);
		assertThat(llm.completion()).isEqualTo(Completion.SUCCESS);
		assertThat(llm.usage().totalTokens()).isEqualTo(12);
	}

	@Test
	void clientGoingAwayCancelsTheUpstreamCall() throws Exception {
		AtomicBoolean cancelled = new AtomicBoolean();
		provider.behave(Replies.endlessStream(cancelled));
		String id = "r-" + UUID.randomUUID();
		String first = HttpClient.create()
			.headers(h -> h.set("content-type", "application/json").set("x-request-id", id))
			.post()
			.uri(baseUrl() + "/v1/chat/completions")
			.send((req, out) -> out.sendString(Mono.just(chat("gpt-test", true))))
			.responseContent()
			.asString()
			.blockFirst(Duration.ofSeconds(10));
		assertThat(first).contains("data: ");
		LlmExchange llm = completed(id);
		assertThat(llm.completion()).isEqualTo(Completion.CANCELLED);
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!cancelled.get() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(cancelled).isTrue();
	}

	@Test
	void clientHangingUpBeforeTheProviderAnswersIsCancelledAndCancelsTheAttempt() throws Exception {
		provider.behave(Replies.delayed(Duration.ofMillis(400),
				Replies.sse(OpenAiReplies.streamPayloads("late", "answer"), Duration.ZERO)));
		String id = "r-" + UUID.randomUUID();
		String body = chat("gpt-test", true);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nAuthorization: Bearer sk-client\r\nX-Request-Id: " + id
					+ "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
				.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			Thread.sleep(100);
		}
		LlmExchange llm = completed(id);
		assertThat(llm.completion()).isEqualTo(Completion.CANCELLED);
		assertThat(llm.attempts()).hasSize(1);
		assertThat(llm.attempts().get(0).status()).as("no answer from the provider").isZero();
	}

	@Test
	void clientGoneWhenTheAnswerIsWrittenIsCancelledAndTheAnsweredAttemptIsRecorded() throws Exception {
		provider.behave(Replies.sse(OpenAiReplies.streamPayloads("hello", "there"), Duration.ZERO));
		String id = "r-" + UUID.randomUUID();
		HttpClient.create()
			.headers(h -> h.set("content-type", "application/json").set("x-request-id", id))
			.post()
			.uri(baseUrl() + ClientGoneOnWriteGatewayFilterFactory.PATH)
			.send((req, out) -> out.sendString(Mono.just(chat("gpt-test", true))))
			.response()
			.onErrorResume(ex -> Mono.empty())
			.block(Duration.ofSeconds(10));
		LlmExchange llm = completed(id);
		// the write failed because the client had closed the connection: cancelled by the client, not failed, and
		// the provider's answer counts as an attempt (it is billed)
		assertThat(llm.completion()).isEqualTo(Completion.CANCELLED);
		assertThat(llm.attempts()).hasSize(1);
		assertThat(llm.attempts().get(0).status()).isEqualTo(200);
	}

	@Test
	void silentUpstreamIs504WithinTheDeploymentTimeout() throws Exception {
		provider.behave(Replies.hang());
		long start = System.nanoTime();
		String id = "r-" + UUID.randomUUID();
		Answer a = post(chat("slow", false), id);
		long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		assertThat(a.status()).isEqualTo(504);
		assertThat(millis).isLessThan(8000);
		assertThat(a.json().get("error").get("message").stringValue()).contains("slow#0");
		assertThat(completed(id).completion()).isEqualTo(Completion.FAILED);
	}

	@Test
	void silentUpstreamStreamIs504() {
		provider.behave(Replies.hang());
		Answer a = post(chat("slow", true), "r-" + UUID.randomUUID());
		assertThat(a.status()).isEqualTo(504);
	}

	@Test
	void refusedConnectionIs502() {
		Answer a = post(chat("dead", false), "r-" + UUID.randomUUID());
		assertThat(a.status()).isEqualTo(502);
		assertThat(a.json().get("error").get("message").stringValue()).contains("dead#0").doesNotContain("Exception");
	}

	@Test
	void modelsListsAliasesOnly() {
		Answer a = get("/v1/models");
		assertThat(a.status()).isEqualTo(200);
		JsonNode data = a.json().get("data");
		assertThat(data.findValuesAsString("id")).containsExactly("gpt-test", "slow", "dead");
		assertThat(a.body()).doesNotContain("sk-provider-secret").doesNotContain("127.0.0.1").doesNotContain(
				"provider-model-1");
		assertThat(get("/v1/models/slow").json().get("id").stringValue()).isEqualTo("slow");
		assertThat(get("/v1/models/none").status()).isEqualTo(404);
	}

}
