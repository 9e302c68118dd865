package io.llmgateway.gateway.spend.ledger;

import java.nio.file.Path;
import java.time.Duration;

import io.llmgateway.gateway.store.LlmDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The crash-safe spend ledger: every row goes through the {@link SpendJournal} (on disk within one group-commit
 * interval, off the event loop) and is shipped to the database by the {@link LedgerShipper}, asynchronously and
 * idempotently. One durable path, whether the database is up, down, or not reachable since start-up: the journal is
 * the buffer, so an outage costs disk space ({@code max-size}), not memory. Request threads only {@link #enqueue}.
 * <p>
 * Bound: a {@code kill -9} loses at most the rows of requests that completed within the last group-commit interval
 * (plus the one write in progress); with {@code fsync: never}, a power loss may also lose what the OS had not
 * written. A row can be dropped only when the in-memory queue is full (counted in {@code dropped});
 * {@link #admits()} lets the spend filter refuse new requests before that.
 */
public final class SpendLedger implements AutoCloseable {

	private static final Log log = LogFactory.getLog(SpendLedger.class);

	private final JournalSegments segments;

	private final SpendJournal journal;

	private final LedgerShipper shipper;

	private final long maxBytes;

	private final int admitBelow;

	private final Duration shutdownTimeout;

	private volatile boolean started;

	/**
	 * Tuning; see {@code llm.spend.ledger.*} and {@code llm.spend.journal.*}.
	 *
	 * @param batchSize rows per database transaction
	 * @param bufferCapacity rows waiting in memory for the journal writer
	 * @param flushInterval longest a journalled row waits for its database batch
	 * @param groupCommit longest a row waits for its journal write and fsync
	 * @param fsync fsync each group commit
	 * @param segmentBytes journal segment rotation size
	 * @param maxBytes journal size past which new requests are refused (when the spend filter applies it)
	 * @param shutdownTimeout how long shutdown waits for the journal to drain and be shipped
	 */
	public record Settings(int batchSize, int bufferCapacity, Duration flushInterval, Duration groupCommit,
			boolean fsync, long segmentBytes, long maxBytes, Duration shutdownTimeout) {

		/** Defaults for tests and embedders: 5 ms group commit with fsync, 64 MB segments, 1 GB journal. */
		public static Settings of(int batchSize, int bufferCapacity, Duration flushInterval, Duration shutdownTimeout) {
			return new Settings(batchSize, bufferCapacity, flushInterval, Duration.ofMillis(5), true, 64L << 20,
					1L << 30, shutdownTimeout);
		}
	}

	public SpendLedger(LlmDatabase db, Path journalDir, Settings settings) {
		this.segments = new JournalSegments(journalDir);
		this.journal = new SpendJournal(segments, new SpendJournal.Settings(settings.bufferCapacity(),
				settings.groupCommit(), settings.fsync(), settings.segmentBytes(), settings.shutdownTimeout()));
		this.shipper = new LedgerShipper(db, segments, journal, settings.batchSize(), settings.flushInterval());
		this.journal.connect(shipper::accept, shipper::shippedAll);
		this.maxBytes = settings.maxBytes();
		this.admitBelow = Math.max(1, settings.bufferCapacity() - Math.max(1, settings.bufferCapacity() / 10));
		this.shutdownTimeout = settings.shutdownTimeout();
	}

	/**
	 * Opens the journal and starts the writer and the shipper, which first replays segments left by an earlier run
	 * (as soon as the database is available). Runs on the caller's thread: call it at start-up, never on the event
	 * loop. A journal directory that cannot be opened is logged: rows then reach the database from memory only.
	 */
	public synchronized void start() {
		if (started) {
			return;
		}
		long oldest;
		try {
			oldest = journal.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot open the spend journal: " + ex.getMessage(), ex);
		}
		shipper.start(oldest);
		started = true;
	}

	/** Hands a row to the journal without blocking; false (and counted as dropped) when its queue is full. */
	public boolean enqueue(SpendRecord row) {
		return journal.offer(row);
	}

	/**
	 * False when a new request should be refused so that its row cannot be lost: the journal's queue is nearly full
	 * (the disk does not keep up) or the journal passed {@code max-size} (the database has been down for long).
	 */
	public boolean admits() {
		return journal.queued() < admitBelow && journal.bytes() < maxBytes;
	}

	/** Writes what is queued to the journal, then ships what the database takes within the shutdown timeout. */
	@Override
	public void close() {
		if (!started) {
			return;
		}
		long t0 = System.nanoTime();
		journal.close();
		Duration left = shutdownTimeout.minusNanos(System.nanoTime() - t0);
		shipper.stop(left.isNegative() ? Duration.ZERO : left);
		segments.unlock();
		if (!shipper.shippedAll()) {
			log.info("Spend ledger stopped with rows still in the journal; they are shipped at the next start");
		}
	}

	/** Rows not yet in the database (approximate while a replay of an earlier run's journal is in progress). */
	public long backlog() {
		long unshipped = shipper.shippedAll() ? 0 : Math.max(1, journal.journalled() - shipper.written());
		return journal.queued() + unshipped;
	}

	/** Rows waiting in memory for their journal write. */
	public int buffered() {
		return journal.queued();
	}

	/** Bytes of journal on disk not yet released. */
	public long journalBytes() {
		return journal.bytes();
	}

	public long written() {
		return shipper.written();
	}

	/** Rows lost: the journal's queue was full, or a journal line could not be read back. */
	public long dropped() {
		return journal.dropped() + shipper.lost();
	}

	public long rejected() {
		return shipper.rejected();
	}

	/** Journal writes that failed (disk full, I/O error): their rows went to the database from memory only. */
	public long journalErrors() {
		return journal.errors();
	}

	/** True while the shipper waits for the database or replays the journal. */
	public boolean databaseDown() {
		return shipper.catchingUp() && !shipper.shippedAll();
	}
}
