package io.llmgateway.startertests;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * One loopback server playing both the application's own backend ({@code {"from":"app"}} for any path) and an
 * OpenAI-compatible provider (a chat completion for {@code /v1/chat/completions} exactly). Records the paths it saw.
 */
final class Upstream implements AutoCloseable {

	static final String COMPLETION = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
			+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello from the provider\"},"
			+ "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}";

	final List<String> paths = new CopyOnWriteArrayList<>();

	private final DisposableServer server = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((req, res) -> req.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
			paths.add(req.uri());
			String answer = req.uri().equals("/v1/chat/completions") ? COMPLETION : "{\"from\":\"app\"}";
			return res.header("content-type", "application/json")
				.sendByteArray(Mono.just(answer.getBytes(StandardCharsets.UTF_8)))
				.then();
		}))
		.bindNow();

	String url() {
		return "http://127.0.0.1:" + server.port();
	}

	@Override
	public void close() {
		server.disposeNow();
	}
}
