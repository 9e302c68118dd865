package io.llmgateway.gateway.observe;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Delivers JSON webhooks off the request path: {@link #submit} only offers to a bounded queue and returns; at most
 * {@code concurrency} deliveries are in flight on a pooled reactor-netty client. When the queue is full the payload
 * is dropped and counted ({@code llm.webhooks.dropped}) rather than slowing or blocking a request.
 */
public class WebhookSender implements AutoCloseable {

	public static final String SENT = "llm.webhooks.sent";

	public static final String DROPPED = "llm.webhooks.dropped";

	public static final String QUEUED = "llm.webhooks.queued";

	private static final Log log = LogFactory.getLog(WebhookSender.class);

	/** One pending delivery. {@code kind} is {@code callback} or {@code alert}, a meter tag. */
	public record Delivery(String kind, URI url, Map<String, String> headers, String json) {
	}

	private final Queue<Delivery> queue;

	private final int concurrency;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ConnectionProvider connections;

	private final HttpClient client;

	private final MeterRegistry registry;

	public WebhookSender(int queueSize, int concurrency, Duration timeout, MeterRegistry registry) {
		this.queue = new ArrayBlockingQueue<>(queueSize);
		this.concurrency = concurrency;
		this.registry = registry;
		this.connections = ConnectionProvider.builder("llm-webhooks")
			.maxConnections(concurrency)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		this.client = HttpClient.create(connections).responseTimeout(timeout)
			.option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000));
		Gauge.builder(QUEUED, queue, Queue::size).description("Webhook deliveries waiting in the queue")
			.register(registry);
	}

	/** Queues a delivery; never blocks. @return false when it was dropped because the queue is full */
	public boolean submit(Delivery delivery) {
		if (!queue.offer(delivery)) {
			Counter.builder(DROPPED).description("Webhook deliveries dropped because the queue was full")
				.tag("kind", delivery.kind()).tag("reason", "queue_full").register(registry).increment();
			return false;
		}
		drain();
		return true;
	}

	/** Starts deliveries while there is room in flight; called on submit and whenever a delivery ends. */
	private void drain() {
		while (true) {
			int current = inFlight.get();
			if (current >= concurrency || queue.isEmpty()) {
				return;
			}
			if (!inFlight.compareAndSet(current, current + 1)) {
				continue;
			}
			Delivery next = queue.poll();
			if (next == null) {
				inFlight.decrementAndGet();
				// another thread may have queued between isEmpty and poll: look again
				if (queue.isEmpty()) {
					return;
				}
				continue;
			}
			send(next).doFinally(signal -> {
				inFlight.decrementAndGet();
				drain();
			}).subscribe();
		}
	}

	private Mono<Void> send(Delivery d) {
		byte[] body = d.json().getBytes(StandardCharsets.UTF_8);
		return client.headers(h -> {
			h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
			d.headers().forEach(h::set);
		})
			.post()
			.uri(d.url())
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
			.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
				.map(ignored -> response.status().code()))
			.doOnNext(status -> count(d, status >= 200 && status < 300 ? "ok" : "http_" + status))
			.onErrorResume(ex -> {
				count(d, "error");
				// the URL can hold a token (Slack webhooks do): log the host only
				log.warn("Webhook delivery to " + d.url().getHost() + " failed: " + ex.getClass().getSimpleName());
				return Mono.empty();
			})
			.then();
	}

	private void count(Delivery d, String result) {
		Counter.builder(SENT).description("Webhook deliveries by result").tag("kind", d.kind())
			.tag("result", result).register(registry).increment();
	}

	@Override
	public void close() {
		connections.disposeLater().block(Duration.ofSeconds(5));
	}
}
