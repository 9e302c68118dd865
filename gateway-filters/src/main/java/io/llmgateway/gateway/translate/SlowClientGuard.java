package io.llmgateway.gateway.translate;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;

/**
 * Bounds what one streamed answer holds for a client that reads slower than the provider writes
 * ({@code llm.stream-buffer}, {@code llm.stream-stall-timeout}).
 * <p>
 * The stream is read from the provider as fast as it comes; every read's bytes count as held from the moment they
 * arrive until Netty has written them to the client's socket (the buffer handed to Netty reports its release). When
 * a read would make the held bytes exceed the buffer, or arrives while earlier bytes have waited longer than the
 * stall timeout without the client taking any, the client's connection is closed: that cancels the write, and the
 * cancel reaches the upstream call like any client that goes away. Checks run when the provider sends, so nothing
 * is scheduled per stream.
 */
final class SlowClientGuard {

	private final long maxBytes;

	private final long stallNanos;

	private final AtomicLong held = new AtomicLong();

	private final AtomicBoolean cut = new AtomicBoolean();

	/** When the client last took bytes, or when bytes started waiting for it. */
	private volatile long waitingSince = System.nanoTime();

	SlowClientGuard(long maxBytes, Duration stallTimeout) {
		this.maxBytes = maxBytes;
		this.stallNanos = stallTimeout.toNanos();
	}

	/**
	 * Accounts for {@code bytes} just read from the provider.
	 * @return false when the client is too slow and the stream must end
	 */
	boolean arrived(int bytes) {
		long now = System.nanoTime();
		long before = held.getAndAdd(bytes);
		if (before <= 0) {
			waitingSince = now;
			return before + bytes <= maxBytes;
		}
		return before + bytes <= maxBytes && now - waitingSince <= stallNanos;
	}

	/** Bytes read from the provider and not yet written to the client's socket. */
	long held() {
		return held.get();
	}

	/**
	 * The buffer to write for {@code bytes}: on Netty it reports when it has been written (its release); elsewhere
	 * the bytes count as taken when the writer asks for them.
	 */
	DataBuffer wrap(DataBufferFactory factory, ByteBuffer bytes) {
		if (factory instanceof NettyDataBufferFactory netty) {
			return netty.wrap(new ReleaseReportingBuf(bytes, this));
		}
		taken(bytes.remaining());
		return factory.wrap(bytes);
	}

	private void taken(int bytes) {
		held.addAndGet(-bytes);
		waitingSince = System.nanoTime();
	}

	/** Closes the client's connection once; true for the call that did. */
	boolean cut(ServerHttpResponse response) {
		if (!cut.compareAndSet(false, true)) {
			return false;
		}
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		if (nativeResponse instanceof NettyOutbound outbound) {
			outbound.withConnection(Connection::dispose);
		}
		return true;
	}

	/** A heap buffer over the frame bytes that tells the guard when Netty is done with it. */
	private static final class ReleaseReportingBuf extends UnpooledHeapByteBuf {

		private final SlowClientGuard guard;

		private final int length;

		/** Over the array behind {@code bytes} (array-backed, from index 0), without copying it. */
		ReleaseReportingBuf(ByteBuffer bytes, SlowClientGuard guard) {
			super(UnpooledByteBufAllocator.DEFAULT, bytes.array(), bytes.array().length);
			setIndex(0, bytes.limit());
			this.guard = guard;
			this.length = bytes.limit();
		}

		@Override
		protected void deallocate() {
			super.deallocate();
			guard.taken(length);
		}
	}
}
