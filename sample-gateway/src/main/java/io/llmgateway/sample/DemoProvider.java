package io.llmgateway.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake OpenAI-compatible provider for the {@code demo} profile and the benchmark: answers
 * {@code POST /v1/chat/completions} with a deterministic reply ("Hello from the demo model! You said: ..."), plain or
 * streamed word by word, with usage; {@code GET /v1/models} lists {@code demo-model}. No network access, no key.
 */
public final class DemoProvider {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DisposableServer server;

	private final Duration chunkDelay;

	private DemoProvider(String host, int port, Duration chunkDelay) {
		this.chunkDelay = chunkDelay;
		this.server = HttpServer.create().host(host).port(port).route(routes -> routes
			.post("/v1/chat/completions", this::chat)
			.get("/v1/models", (req, res) -> res.header("content-type", "application/json")
				.sendString(Mono.just("{\"object\":\"list\",\"data\":[{\"id\":\"demo-model\",\"object\":\"model\","
						+ "\"created\":1760000000,\"owned_by\":\"demo\"}]}"))))
			.bindNow();
	}

	/** Starts a provider on loopback; port 0 picks a free port. */
	public static DemoProvider start(int port, Duration chunkDelay) {
		return new DemoProvider("127.0.0.1", port, chunkDelay);
	}

	public int port() {
		return server.port();
	}

	public void stop() {
		server.disposeNow();
	}

	private Mono<Void> chat(HttpServerRequest req, HttpServerResponse res) {
		return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(bytes -> {
			JsonNode body;
			try {
				body = JSON.readTree(bytes);
			}
			catch (RuntimeException ex) {
				return res.status(400).header("content-type", "application/json")
					.sendString(Mono.just("{\"error\":{\"message\":\"invalid JSON\",\"type\":\"invalid_request_error\","
							+ "\"param\":null,\"code\":null}}"))
					.then();
			}
			String model = body.path("model").asString("demo-model");
			String said = lastUserText(body.path("messages"));
			String reply = "Hello from the demo model! You said: " + said;
			long prompt = words(body.path("messages").toString());
			long completion = words(reply);
			if (body.path("stream").asBoolean(false)) {
				boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
				return res.header("content-type", "text/event-stream")
					.sendString(stream(model, reply, prompt, completion, usage), StandardCharsets.UTF_8)
					.then();
			}
			ObjectNode out = JSON.createObjectNode();
			out.put("id", "chatcmpl-demo");
			out.put("object", "chat.completion");
			out.put("created", 1760000000L);
			out.put("model", model);
			ObjectNode choice = out.putArray("choices").addObject();
			choice.put("index", 0);
			ObjectNode message = choice.putObject("message");
			message.put("role", "assistant");
			message.put("content", reply);
			message.putNull("refusal");
			choice.putNull("logprobs");
			choice.put("finish_reason", "stop");
			out.set("usage", usage(prompt, completion));
			return res.header("content-type", "application/json").sendByteArray(Mono.just(JSON.writeValueAsBytes(out)))
				.then();
		});
	}

	private Flux<String> stream(String model, String reply, long prompt, long completion, boolean withUsage) {
		List<String> events = new ArrayList<>();
		events.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
		String[] words = reply.split(" ");
		for (int i = 0; i < words.length; i++) {
			String piece = (i == 0 ? "" : " ") + words[i];
			events.add(chunk(model, "{\"content\":" + JSON.writeValueAsString(piece) + "}", null));
		}
		events.add(chunk(model, "{}", "stop"));
		if (withUsage) {
			events.add("{\"id\":\"chatcmpl-demo\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":"
					+ JSON.writeValueAsString(model) + ",\"choices\":[],\"usage\":" + usage(prompt, completion) + "}");
		}
		events.add("[DONE]");
		Flux<String> frames = Flux.fromIterable(events).map(e -> "data: " + e + "\n\n");
		return chunkDelay.isZero() ? frames : frames.delayElements(chunkDelay);
	}

	private static String chunk(String model, String delta, String finish) {
		return "{\"id\":\"chatcmpl-demo\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":"
				+ JSON.writeValueAsString(model) + ",\"choices\":[{\"index\":0,\"delta\":" + delta
				+ ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
				+ "}],\"usage\":null}";
	}

	private static ObjectNode usage(long prompt, long completion) {
		ObjectNode u = JSON.createObjectNode();
		u.put("prompt_tokens", prompt);
		u.put("completion_tokens", completion);
		u.put("total_tokens", prompt + completion);
		return u;
	}

	private static String lastUserText(JsonNode messages) {
		String text = "";
		for (JsonNode m : messages) {
			if ("user".equals(m.path("role").asString(""))) {
				JsonNode content = m.path("content");
				if (content.isString()) {
					text = content.stringValue();
				}
				else if (content.isArray()) {
					StringBuilder sb = new StringBuilder();
					content.forEach(p -> sb.append(p.path("text").asString("")));
					text = sb.toString();
				}
			}
		}
		return text;
	}

	private static long words(String s) {
		return s.isBlank() ? 0 : s.trim().split("\\s+").length;
	}
}
