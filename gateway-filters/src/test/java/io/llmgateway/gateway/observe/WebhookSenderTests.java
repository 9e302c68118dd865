package io.llmgateway.gateway.observe;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSenderTests {

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private DisposableServer server;

	private WebhookSender sender;

	@AfterEach
	void stop() {
		if (sender != null) {
			sender.close();
		}
		if (server != null) {
			server.disposeNow();
		}
	}

	private URI start(Duration delay, CountDownLatch latch) {
		server = HttpServer.create().host("127.0.0.1").port(0)
			.handle((req, res) -> req.receive().aggregate().asString().doOnNext(received::add)
				.then(Mono.delay(delay))
				.then(res.status(200).send())
				.doFinally(s -> latch.countDown()))
			.bindNow();
		return URI.create("http://127.0.0.1:" + server.port() + "/hook");
	}

	@Test
	void deliversJsonPosts() throws Exception {
		CountDownLatch latch = new CountDownLatch(2);
		URI url = start(Duration.ZERO, latch);
		sender = new WebhookSender(10, 2, Duration.ofSeconds(5), registry);
		assertThat(sender.submit(new WebhookSender.Delivery("callback", url, Map.of(), "{\"n\":1}"))).isTrue();
		assertThat(sender.submit(new WebhookSender.Delivery("callback", url, Map.of(), "{\"n\":2}"))).isTrue();
		assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(received).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
	}

	@Test
	void dropsAndCountsWhenTheQueueIsFullInsteadOfWaiting() throws Exception {
		CountDownLatch latch = new CountDownLatch(1);
		URI url = start(Duration.ofSeconds(2), latch);
		// one in flight (the receiver is slow), one queued, the rest dropped
		sender = new WebhookSender(1, 1, Duration.ofSeconds(5), registry);
		int accepted = 0;
		for (int i = 0; i < 5; i++) {
			if (sender.submit(new WebhookSender.Delivery("callback", url, Map.of(), "{\"n\":" + i + "}"))) {
				accepted++;
			}
		}
		assertThat(accepted).isEqualTo(2);
		assertThat(registry.get(WebhookSender.DROPPED).tag("reason", "queue_full").counter().count()).isEqualTo(3.0);
	}
}
