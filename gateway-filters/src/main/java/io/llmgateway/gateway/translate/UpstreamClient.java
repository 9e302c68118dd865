package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.UpstreamCall;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends provider calls over one pooled reactor-netty {@link HttpClient} (keep-alive connections, pooled per host;
 * one client configuration per deployment for its connect timeout). Emits the answer as {@link UpstreamPart}s: a
 * {@link UpstreamPart.Whole} for plain and error answers, or a {@link UpstreamPart.Head} and raw
 * {@link UpstreamPart.Chunk}s for streams. Cancelling the returned flux closes the upstream connection.
 */
public class UpstreamClient implements AutoCloseable {

	private final ConnectionProvider pool;

	private final HttpClient base;

	private final LlmTranslateProperties properties;

	private final Map<String, HttpClient> perDeployment = new ConcurrentHashMap<>();

	public UpstreamClient(LlmTranslateProperties properties) {
		this.properties = properties;
		this.pool = ConnectionProvider.builder("llm-upstream")
			.maxConnections(properties.maxConnections())
			.pendingAcquireTimeout(properties.pendingAcquireTimeout())
			.maxIdleTime(properties.maxIdleTime())
			.evictInBackground(Duration.ofSeconds(30))
			.build();
		this.base = HttpClient.create(pool).compress(false).followRedirect(false);
	}

	/**
	 * Calls the provider. Not subscribed yet: subscribing sends the request.
	 * @param stream whether a streamed answer is expected (a JSON or error answer still arrives as a Whole)
	 */
	public Flux<UpstreamPart> send(Deployment deployment, UpstreamCall call) {
		HttpClient client = perDeployment.computeIfAbsent(deployment.id(), id -> configure(deployment));
		byte[] body = call.body();
		return client.headers(h -> {
			call.headers().forEach((name, values) -> h.set(name, values));
			h.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
		})
			.request(HttpMethod.valueOf(call.method().name()))
			.uri(call.uri())
			.send((request, out) -> out.sendByteArray(Mono.just(body)))
			.response((response, content) -> {
				int status = response.status().code();
				HttpHeaders headers = new HttpHeaders();
				response.responseHeaders().forEach(e -> headers.add(e.getKey(), e.getValue()));
				if (call.stream() && status < 300 && !isJson(headers)) {
					Flux<UpstreamPart> chunks = content.map(buf -> {
						byte[] bytes = new byte[buf.readableBytes()];
						buf.readBytes(bytes);
						return new UpstreamPart.Chunk(bytes);
					});
					return Flux.concat(Mono.just(new UpstreamPart.Head(status, headers)), chunks);
				}
				return content.aggregate()
					.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map(bytes -> new UpstreamPart.Whole(status, headers, bytes));
			});
	}

	private static boolean isJson(HttpHeaders headers) {
		String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		return type != null && type.startsWith(MediaType.APPLICATION_JSON_VALUE);
	}

	private HttpClient configure(Deployment deployment) {
		Duration connect = deployment.config().connectTimeout() != null ? deployment.config().connectTimeout()
				: properties.connectTimeout();
		return base.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connect.toMillis()));
	}

	@Override
	public void close() {
		pool.dispose();
	}
}
