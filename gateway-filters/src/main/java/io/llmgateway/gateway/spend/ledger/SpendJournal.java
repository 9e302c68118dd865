package io.llmgateway.gateway.spend.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The ledger's write-ahead journal. Request threads only {@link #offer} a row (one compare-and-set into a bounded ring,
 * {@link RowQueue}: no lock, no allocation, no system call); one thread looks every {@code group-commit-interval},
 * encodes what arrived into one reused buffer ({@link JournalCodec}), appends it to the current segment file with one
 * write and fsyncs it (group commit: at most one write and fsync per interval), then hands the written group to the
 * shipper. A row is thus on
 * disk at most one interval plus one write after its request completed: a {@code kill -9} loses at most the rows of
 * the last interval. Segments rotate when they pass {@code segment-size}, or after {@code rotate-after} once the
 * shipper has committed everything in them, so that committed segments are deleted by the shipper.
 */
final class SpendJournal implements AutoCloseable {

	private static final Log log = LogFactory.getLog(SpendJournal.class);

	private static final long ROTATE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final JournalSegments segments;

	/** Lock-free for the request threads: an offer never waits for the writer. */
	private final RowQueue<SpendRecord> queue;

	private final long intervalNanos;

	private final long idleNanos;

	private final boolean fsync;

	private final long segmentBytes;

	private final Duration shutdownTimeout;

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong journalled = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private Consumer<Group> shipper = g -> {
	};

	private BooleanSupplier shippedAll = () -> false;

	private volatile Mark durable;

	private volatile boolean stopping;

	private volatile Thread writer;

	private FileChannel channel;

	private long segment;

	private long offset;

	private long segmentOpenedNanos;

	private long number;

	private long lastDropLogNanos;

	private long lastErrorLogNanos;

	/**
	 * @param capacity rows waiting in memory for the next group commit
	 * @param groupCommit the longest a row waits before its group is written and fsynced
	 * @param fsync fsync each group (survives a power loss); false: write only (survives a process crash)
	 * @param segmentBytes a segment is rotated past this size
	 */
	record Settings(int capacity, Duration groupCommit, boolean fsync, long segmentBytes, Duration shutdownTimeout) {
	}

	/** Rows written and fsynced together: group {@code number}, bytes [start, end) of {@code segment} (-1: not on disk). */
	record Group(long number, long segment, long start, long end, List<SpendRecord> rows) {
	}

	/** The durable end of the journal: the last group written, and where it ended. */
	record Mark(long number, long segment, long offset) {
	}

	SpendJournal(JournalSegments segments, Settings settings) {
		this.segments = segments;
		this.queue = new RowQueue<>(settings.capacity());
		this.intervalNanos = settings.groupCommit().toNanos();
		this.idleNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), intervalNanos);
		this.fsync = settings.fsync();
		this.segmentBytes = settings.segmentBytes();
		this.shutdownTimeout = settings.shutdownTimeout();
	}

	/** Where written groups go (never blocks) and whether everything written so far is in the database. */
	void connect(Consumer<Group> shipper, BooleanSupplier shippedAll) {
		this.shipper = shipper;
		this.shippedAll = shippedAll;
	}

	/** Opens a new segment after those on disk (which the shipper replays) and starts the writer thread. */
	synchronized long start() throws IOException {
		if (writer != null) {
			return segment;
		}
		segments.lock();
		List<Long> existing = segments.list();
		long total = 0;
		for (long s : existing) {
			total += segments.size(s);
		}
		bytes.set(total);
		segment = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
		open(segment);
		durable = new Mark(0, segment, 0);
		Thread t = new Thread(this::run, "llm-spend-journal");
		t.setDaemon(true);
		writer = t;
		t.start();
		return existing.isEmpty() ? segment : existing.get(0);
	}

	/** Queues a row for the next group commit without blocking; false (counted as dropped) when the queue is full. */
	boolean offer(SpendRecord row) {
		// no wake-up call: the writer looks every group-commit interval, so an offer is never a system call
		if (queue.offer(row)) {
			return true;
		}
		dropped.incrementAndGet();
		long now = System.nanoTime();
		if (now - lastDropLogNanos > TimeUnit.SECONDS.toNanos(10)) {
			lastDropLogNanos = now;
			log.error("Spend journal queue full (" + queue.size() + " rows): dropping row " + row.requestId()
					+ "; total dropped " + dropped.get());
		}
		return false;
	}

	private void run() {
		List<SpendRecord> group = new ArrayList<>(256);
		JournalCodec codec = new JournalCodec();
		JournalCodec.Buffer buffer = new JournalCodec.Buffer(64 * 1024);
		long lastCommit = System.nanoTime() - intervalNanos;
		while (!stopping || !queue.isEmpty()) {
			try {
				if (queue.isEmpty()) {
					maybeRotate();
					if (!stopping) {
						LockSupport.parkNanos(idleNanos);
					}
					continue;
				}
				long wait = lastCommit + intervalNanos - System.nanoTime();
				while (wait > 0 && !stopping) {
					// group commit: rows arriving meanwhile share this write and fsync
					LockSupport.parkNanos(wait);
					wait = lastCommit + intervalNanos - System.nanoTime();
				}
				for (SpendRecord r; (r = queue.poll()) != null;) {
					group.add(r);
				}
				if (group.isEmpty()) {
					// a row claimed its place but is not stored yet: it goes with the next group
					Thread.onSpinWait();
					continue;
				}
				write(group, codec, buffer);
				lastCommit = System.nanoTime();
				maybeRotate();
			}
			catch (RuntimeException | Error ex) {
				log.error("Spend journal writer error", ex);
			}
			finally {
				group.clear();
			}
		}
	}

	private void write(List<SpendRecord> group, JournalCodec codec, JournalCodec.Buffer buffer) {
		buffer.reset();
		for (SpendRecord r : group) {
			codec.encode(r, buffer);
		}
		long start = offset;
		List<SpendRecord> rows = List.copyOf(group);
		try {
			ByteBuffer bb = ByteBuffer.wrap(buffer.bytes, 0, buffer.size);
			while (bb.hasRemaining()) {
				channel.write(bb);
			}
			if (fsync) {
				channel.force(false);
			}
		}
		catch (IOException ex) {
			errors.incrementAndGet();
			long now = System.nanoTime();
			if (now - lastErrorLogNanos > TimeUnit.SECONDS.toNanos(10)) {
				lastErrorLogNanos = now;
				log.error("Cannot write the spend journal (" + ex.getMessage() + "): " + rows.size()
						+ " rows go to the database from memory only");
			}
			reopenQuietly();
			shipper.accept(new Group(++number, -1, 0, 0, rows));
			return;
		}
		offset += buffer.size;
		bytes.addAndGet(buffer.size);
		journalled.addAndGet(rows.size());
		Group g = new Group(++number, segment, start, offset, rows);
		durable = new Mark(g.number(), segment, offset);
		shipper.accept(g);
	}

	/** Past the segment size, or everything in it is in the database and it is old enough: start a new one. */
	private void maybeRotate() {
		if (offset == 0) {
			return;
		}
		if (offset >= segmentBytes
				|| (System.nanoTime() - segmentOpenedNanos >= ROTATE_AFTER_NANOS && shippedAll.getAsBoolean())) {
			try {
				channel.close();
				open(segment + 1);
				durable = new Mark(number, segment, 0);
			}
			catch (IOException ex) {
				log.warn("Cannot rotate the spend journal: " + ex.getMessage());
			}
		}
	}

	private void open(long sequence) throws IOException {
		channel = segments.openForAppend(sequence);
		segment = sequence;
		offset = channel.size();
		segmentOpenedNanos = System.nanoTime();
	}

	private void reopenQuietly() {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// broken anyway
		}
		try {
			open(segment + 1);
			durable = new Mark(number, segment, offset);
		}
		catch (IOException ex) {
			// the next write fails again and is counted
		}
	}

	/** Writes what is queued, fsyncs and closes the segment; waits at most the shutdown timeout. */
	@Override
	public void close() {
		Thread t;
		synchronized (this) {
			t = writer;
			stopping = true;
		}
		if (t == null) {
			return;
		}
		try {
			t.join(shutdownTimeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (t.isAlive()) {
			log.warn("Spend journal did not drain within " + shutdownTimeout + "; " + queue.size() + " rows left");
			return;
		}
		try {
			channel.force(false);
			channel.close();
		}
		catch (IOException ex) {
			log.warn("Cannot close the spend journal (its rows are replayed at the next start): " + ex);
		}
	}

	/** The end of what is durably written. */
	Mark durable() {
		return durable;
	}

	/** A committed segment was deleted. */
	void released(long size) {
		bytes.addAndGet(-size);
	}

	int queued() {
		return queue.size();
	}

	long bytes() {
		return bytes.get();
	}

	long dropped() {
		return dropped.get();
	}

	long journalled() {
		return journalled.get();
	}

	long errors() {
		return errors.get();
	}
}
