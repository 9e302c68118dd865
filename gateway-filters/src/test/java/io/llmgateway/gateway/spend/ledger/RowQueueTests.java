package io.llmgateway.gateway.spend.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal's bounded multi-producer queue: its bound, its order, and no row taken twice or lost. */
class RowQueueTests {

	@Test
	void aFullQueueRefusesAtOnceAndTakesRowsAgainOnceDrained() {
		RowQueue<String> q = new RowQueue<>(3);
		assertThat(q.offer("a")).isTrue();
		assertThat(q.offer("b")).isTrue();
		assertThat(q.offer("c")).isTrue();
		assertThat(q.offer("d")).as("bounded by the configured capacity, not the ring's size").isFalse();
		assertThat(q.size()).isEqualTo(3);
		assertThat(q.poll()).isEqualTo("a");
		assertThat(q.offer("d")).isTrue();
		assertThat(List.of(q.poll(), q.poll(), q.poll())).containsExactly("b", "c", "d");
		assertThat(q.poll()).isNull();
		assertThat(q.isEmpty()).isTrue();
	}

	@Test
	void concurrentProducersLoseNothingAndKeepTheirOwnOrder() throws Exception {
		RowQueue<long[]> q = new RowQueue<>(1000);
		int producers = 4;
		int each = 50_000;
		ExecutorService pool = Executors.newFixedThreadPool(producers);
		CountDownLatch start = new CountDownLatch(1);
		for (int p = 0; p < producers; p++) {
			long id = p;
			pool.submit(() -> {
				start.await();
				for (long i = 0; i < each; i++) {
					long[] row = { id, i };
					while (!q.offer(row)) {
						Thread.onSpinWait();
					}
				}
				return null;
			});
		}
		start.countDown();
		Map<Long, Long> next = new HashMap<>();
		List<long[]> taken = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (taken.size() < producers * each && System.nanoTime() < deadline) {
			long[] row = q.poll();
			if (row == null) {
				Thread.onSpinWait();
				continue;
			}
			assertThat(row[1]).as("producer %d's rows in order", row[0]).isEqualTo(next.getOrDefault(row[0], 0L));
			next.put(row[0], row[1] + 1);
			taken.add(row);
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(taken).hasSize(producers * each);
		assertThat(q.poll()).isNull();
	}
}
