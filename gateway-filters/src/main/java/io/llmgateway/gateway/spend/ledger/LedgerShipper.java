package io.llmgateway.gateway.spend.ledger;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.llmgateway.gateway.store.DatabaseBreaker;
import io.llmgateway.gateway.store.LlmDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ships the journal to the database, asynchronously, in batches of up to {@code batch-size} rows or
 * {@code flush-interval}. Normally the groups the journal just wrote are taken from memory (no re-read); after an
 * outage, a gap (a group it had no room for) or a restart it catches up from the segment files, from the last
 * committed position. Each insert is idempotent (by entry id), so replaying rows that did commit before a connection
 * broke, or a whole segment after a {@code kill -9}, duplicates nothing. Segments are deleted once every row in them
 * is committed. Database availability is the shared {@link DatabaseBreaker}'s: while it is open nothing is tried.
 */
final class LedgerShipper {

	private static final Log log = LogFactory.getLog(LedgerShipper.class);

	private final LlmDatabase db;

	private final LedgerStore store;

	private final JournalSegments segments;

	private final SpendJournal journal;

	private final BlockingQueue<SpendJournal.Group> handoff = new ArrayBlockingQueue<>(1024);

	private final int batchSize;

	private final long flushNanos;

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong lost = new AtomicLong();

	/** Committed up to here: segment and offset, and the number of the last group shipped from memory. */
	private volatile SpendJournal.Mark committed;

	private volatile boolean catchingUp = true;

	private volatile boolean stopping;

	private volatile long stopDeadlineNanos;

	private volatile Thread thread;

	private volatile boolean outageLogged;

	LedgerShipper(LlmDatabase db, JournalSegments segments, SpendJournal journal, int batchSize, Duration flushInterval) {
		this.db = db;
		this.store = new LedgerStore(db.dataSource());
		this.segments = segments;
		this.journal = journal;
		this.batchSize = batchSize;
		this.flushNanos = flushInterval.toNanos();
	}

	/** Called by the journal writer with each group it wrote; never blocks (a full hand-off means a catch-up later). */
	void accept(SpendJournal.Group group) {
		if (!handoff.offer(group) && group.segment() < 0) {
			lost.addAndGet(group.rows().size());
		}
	}

	/** True when every row the journal holds is in the database. */
	boolean shippedAll() {
		SpendJournal.Mark end = journal.durable();
		SpendJournal.Mark at = committed;
		return !catchingUp && end != null && at != null && at.number() == end.number();
	}

	synchronized void start(long oldestSegment) {
		if (thread != null) {
			return;
		}
		committed = new SpendJournal.Mark(0, oldestSegment, 0);
		Thread t = new Thread(this::run, "llm-spend-shipper");
		t.setDaemon(true);
		thread = t;
		t.start();
	}

	private void run() {
		List<SpendJournal.Group> groups = new ArrayList<>();
		while (!(stopping && (shippedAll() || System.nanoTime() - stopDeadlineNanos > 0 || unavailableAtStop()))) {
			try {
				if (!db.ready()) {
					idle();
					continue;
				}
				if (catchingUp) {
					catchUp();
				}
				else {
					shipFromMemory(groups);
				}
			}
			catch (InterruptedException ex) {
				Thread.interrupted();
			}
			catch (RuntimeException | Error ex) {
				log.error("Spend ledger shipper error", ex);
				catchingUp = true;
				sleep(100);
			}
			finally {
				groups.clear();
			}
		}
		if (shippedAll()) {
			// a clean stop: the last segment is committed too
			SpendJournal.Mark end = journal.durable();
			if (end != null && durable()) {
				journal.released(segments.delete(end.segment()));
			}
		}
	}

	private boolean unavailableAtStop() {
		return !db.ready() || !db.breaker().isClosed();
	}

	private void idle() {
		sleep(50);
	}

	private void shipFromMemory(List<SpendJournal.Group> groups) throws InterruptedException {
		SpendJournal.Group first = handoff.poll(100, TimeUnit.MILLISECONDS);
		if (first == null) {
			releaseRotated();
			return;
		}
		groups.add(first);
		int rows = first.rows().size();
		long deadline = System.nanoTime() + flushNanos;
		while (rows < batchSize && !stopping) {
			long left = deadline - System.nanoTime();
			SpendJournal.Group next = left <= 0 ? handoff.poll()
					: handoff.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
			if (next == null) {
				if (left <= 0) {
					break;
				}
				continue;
			}
			groups.add(next);
			rows += next.rows().size();
		}
		long expected = committed.number();
		List<SpendRecord> batch = new ArrayList<>(rows);
		for (SpendJournal.Group g : groups) {
			if (g.number() <= expected) {
				continue;
			}
			if (g.number() != expected + 1) {
				// a group did not fit the hand-off: read the journal from the last committed position
				catchingUp = true;
				return;
			}
			expected = g.number();
			batch.addAll(g.rows());
		}
		if (batch.isEmpty()) {
			return;
		}
		if (!insert(batch)) {
			catchingUp = true;
			return;
		}
		SpendJournal.Group last = null;
		for (SpendJournal.Group g : groups) {
			if (g.segment() >= 0 && g.number() <= expected) {
				last = g;
			}
		}
		SpendJournal.Mark at = committed;
		committed = last == null ? new SpendJournal.Mark(expected, at.segment(), at.offset())
				: new SpendJournal.Mark(expected, last.segment(), last.end());
		release(at.segment(), committed.segment());
	}

	/** Reads the journal from the committed position up to its durable end, in batches. */
	private void catchUp() {
		SpendJournal.Mark target = journal.durable();
		SpendJournal.Mark at = committed;
		if (at.segment() > target.segment() || (at.segment() == target.segment() && at.offset() >= target.offset())) {
			committed = new SpendJournal.Mark(target.number(), at.segment(), at.offset());
			handoff.removeIf(g -> g.number() <= target.number());
			catchingUp = false;
			return;
		}
		JournalSegments.Chunk chunk;
		try {
			chunk = segments.read(at.segment(), at.offset(), at.segment() == target.segment() ? target.offset() : -1,
					batchSize);
		}
		catch (IOException ex) {
			log.warn("Cannot read journal segment " + at.segment() + " (" + ex.getMessage() + "); skipping it");
			next(at, target);
			return;
		}
		// damaged records are counted once, when the position moves past them (a failed insert reads them again)
		if (chunk.rows().isEmpty()) {
			lost.addAndGet(chunk.skipped());
			if (chunk.end() == at.offset()) {
				next(at, target);
			}
			else {
				committed = new SpendJournal.Mark(at.number(), at.segment(), chunk.end());
			}
			return;
		}
		if (insert(chunk.rows())) {
			lost.addAndGet(chunk.skipped());
			committed = new SpendJournal.Mark(at.number(), at.segment(), chunk.end());
		}
	}

	/** The committed position is at the end of a closed segment: delete it, go on with the next one. */
	private void next(SpendJournal.Mark at, SpendJournal.Mark target) {
		if (at.segment() >= target.segment()) {
			return;
		}
		long nextSegment = target.segment();
		try {
			for (long s : segments.list()) {
				if (s > at.segment()) {
					nextSegment = Math.min(s, target.segment());
					break;
				}
			}
		}
		catch (IOException ex) {
			log.warn("Cannot list journal segments: " + ex.getMessage());
		}
		committed = new SpendJournal.Mark(at.number(), nextSegment, 0);
		release(at.segment(), nextSegment);
	}

	/** Idle and everything shipped: the segments the journal rotated away from hold nothing uncommitted. */
	private void releaseRotated() {
		SpendJournal.Mark end = journal.durable();
		SpendJournal.Mark at = committed;
		if (shippedAll() && at.segment() < end.segment()) {
			committed = new SpendJournal.Mark(at.number(), end.segment(), 0);
			release(at.segment(), end.segment());
		}
	}

	/**
	 * Deletes the segments in [from, to): every row in them is committed, and durable in the database. When the
	 * database cannot say so, they stay and are replayed at the next start (idempotently).
	 */
	private void release(long from, long to) {
		if (from >= to || !durable()) {
			return;
		}
		for (long s = from; s < to; s++) {
			journal.released(segments.delete(s));
		}
	}

	private boolean durable() {
		try {
			store.makeDurable();
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("Cannot make the spend ledger durable (" + ex.getMessage() + "); its journal segments are kept"
					+ " and replayed at the next start");
			return false;
		}
	}

	/** Inserts a batch through the breaker; false when the database is unavailable (nothing to do but wait). */
	private boolean insert(List<SpendRecord> rows) {
		DatabaseBreaker breaker = db.breaker();
		if (!breaker.allow() && !breaker.probeDue()) {
			// known down: wait for this shipper's (or another caller's) next probe
			sleep(50);
			return false;
		}
		try {
			insertOrReject(rows);
			breaker.success();
			if (outageLogged) {
				outageLogged = false;
				log.info("Spend ledger database reachable again; replaying the journal");
			}
			return true;
		}
		catch (SQLException ex) {
			breaker.open(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			if (!outageLogged) {
				outageLogged = true;
				log.warn("Spend ledger database unavailable; rows stay in the journal until it returns: "
						+ ex.getMessage());
			}
			return false;
		}
	}

	/**
	 * Writes a batch; throws only for an outage. A batch refused for another reason is written row by row so that
	 * one bad row (counted in {@code rejected}) does not block the others.
	 */
	private void insertOrReject(List<SpendRecord> rows) throws SQLException {
		try {
			store.insert(rows);
			written.addAndGet(rows.size());
		}
		catch (SQLException ex) {
			if (LedgerStore.isOutage(ex)) {
				throw ex;
			}
			for (SpendRecord row : rows) {
				try {
					store.insert(List.of(row));
					written.incrementAndGet();
				}
				catch (SQLException one) {
					if (LedgerStore.isOutage(one)) {
						throw one;
					}
					rejected.incrementAndGet();
					log.error("Spend ledger row " + row.requestId() + " rejected by the database: " + one.getMessage());
				}
			}
		}
	}

	/** Ships what the journal holds for at most {@code timeout} (less when the database is down), then stops. */
	void stop(Duration timeout) {
		Thread t;
		synchronized (this) {
			t = thread;
			stopDeadlineNanos = System.nanoTime() + timeout.toNanos();
			stopping = true;
		}
		if (t == null) {
			return;
		}
		try {
			t.join(timeout.toMillis() + 1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean catchingUp() {
		return catchingUp;
	}

	SpendJournal.Mark committed() {
		return committed;
	}

	long written() {
		return written.get();
	}

	long rejected() {
		return rejected.get();
	}

	long lost() {
		return lost.get();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
