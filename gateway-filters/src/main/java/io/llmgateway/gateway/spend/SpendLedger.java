package io.llmgateway.gateway.spend;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The asynchronous, durable ledger writer. Request threads only {@link #enqueue} (a non-blocking offer into a bounded
 * queue); one dedicated thread drains the queue in batches into the database.
 * <p>
 * When the database fails, the failed batch goes to an append-only spill file and the writer stops draining: new rows
 * wait in the queue until the next probe ({@code retry-interval}), or are spilled too once the queue passes
 * {@code spill-threshold}. When a write succeeds again, the spill files are replayed (idempotently, so a batch that
 * did commit before the connection broke is not duplicated). Spill files left by an earlier run are replayed at
 * start. {@link #close()} flushes what is queued (or spills it when the database is down).
 * <p>
 * The only way to lose a row is a full queue (the database down and the disk failing too, or a write rate above what
 * the disk absorbs); such rows are counted in {@code llm.spend.ledger.dropped} and logged.
 */
public final class SpendLedger implements AutoCloseable {

	private static final Log log = LogFactory.getLog(SpendLedger.class);

	private final LedgerStore store;

	private final SpillFiles spill;

	private final BlockingQueue<SpendRecord> queue;

	private final int batchSize;

	private final int spillThreshold;

	private final long flushNanos;

	private final long retryNanos;

	private final Duration shutdownTimeout;

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private volatile boolean databaseDown;

	private volatile boolean stopping;

	private volatile Thread writer;

	private long nextProbeNanos;

	private long lastDropLogNanos;

	public SpendLedger(DataSource dataSource, Path spillDir, Settings settings) {
		this.store = new LedgerStore(dataSource);
		this.spill = new SpillFiles(spillDir);
		this.queue = new ArrayBlockingQueue<>(settings.bufferCapacity());
		this.batchSize = settings.batchSize();
		this.spillThreshold = Math.max(batchSize, settings.bufferCapacity() / 2);
		this.flushNanos = settings.flushInterval().toNanos();
		this.retryNanos = settings.retryInterval().toNanos();
		this.shutdownTimeout = settings.shutdownTimeout();
	}

	/** Tuning of the writer; see {@code llm.spend.ledger.*}. */
	public record Settings(int batchSize, int bufferCapacity, Duration flushInterval, Duration retryInterval,
			Duration shutdownTimeout) {
	}

	/**
	 * Replays spill files of an earlier run (when the database is reachable) and starts the writer thread. Runs on
	 * the caller's thread: call it at start-up, never on the event loop.
	 */
	public synchronized void start() {
		if (writer != null) {
			return;
		}
		try {
			spill.scan();
		}
		catch (Exception ex) {
			log.warn("Cannot read the spend spill directory: " + ex.getMessage());
		}
		replaySpill();
		Thread t = new Thread(this::run, "llm-spend-ledger");
		t.setDaemon(true);
		writer = t;
		t.start();
	}

	/** Hands a row to the writer without blocking; false (and counted as dropped) when the buffer is full. */
	public boolean enqueue(SpendRecord row) {
		if (queue.offer(row)) {
			return true;
		}
		dropped.incrementAndGet();
		long now = System.nanoTime();
		if (now - lastDropLogNanos > TimeUnit.SECONDS.toNanos(10)) {
			lastDropLogNanos = now;
			log.error("Spend ledger buffer full (" + queue.size() + " rows): dropping row " + row.requestId()
					+ "; total dropped " + dropped.get());
		}
		return false;
	}

	private void run() {
		List<SpendRecord> batch = new ArrayList<>(batchSize);
		while (!stopping || !queue.isEmpty()) {
			try {
				if (databaseDown && !stopping && System.nanoTime() < nextProbeNanos) {
					if (queue.size() >= spillThreshold) {
						queue.drainTo(batch, batchSize);
						spillOrDrop(batch);
						batch.clear();
					}
					else {
						Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(nextProbeNanos - System.nanoTime()) + 1));
					}
					continue;
				}
				SpendRecord first = queue.poll(flushNanos, TimeUnit.NANOSECONDS);
				if (first == null) {
					if (databaseDown || spill.hasPending()) {
						probeWithSpill();
					}
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, batchSize - 1);
				if (databaseDown && stopping) {
					spillOrDrop(batch);
				}
				else {
					writeOrSpill(batch);
				}
				batch.clear();
			}
			catch (InterruptedException ex) {
				// not used to stop: close() sets the flag and the loop drains what is left
				Thread.interrupted();
			}
			catch (RuntimeException | LinkageError | AssertionError ex) {
				// keep the writer alive: losing the thread would silently stop the ledger
				log.error("Spend ledger writer error", ex);
				spillOrDrop(batch);
				batch.clear();
			}
		}
	}

	private void writeOrSpill(List<SpendRecord> batch) {
		try {
			insert(batch);
			if (databaseDown) {
				databaseDown = false;
				log.info("Spend ledger database reachable again");
			}
			if (spill.hasPending()) {
				replaySpill();
			}
		}
		catch (SQLException ex) {
			markDown(ex);
			spillOrDrop(batch);
		}
	}

	/**
	 * Writes a batch; throws only for an outage. A batch refused for another reason is written row by row so that
	 * one bad row (counted in {@code rejected}) does not block the others.
	 */
	private void insert(List<SpendRecord> rows) throws SQLException {
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

	/** No rows are queued: try the spill files, which doubles as the database probe during an outage. */
	private void probeWithSpill() {
		if (databaseDown && System.nanoTime() < nextProbeNanos) {
			return;
		}
		if (replaySpill() && databaseDown) {
			databaseDown = false;
			log.info("Spend ledger database reachable again");
		}
	}

	/** Replays every spill file; false when the database failed (the rest stays on disk for the next try). */
	private boolean replaySpill() {
		try {
			for (Path file : spill.files()) {
				spill.replay(file, batchSize, this::insert);
				log.info("Replayed spend spill file " + file.getFileName());
			}
			return true;
		}
		catch (SQLException ex) {
			markDown(ex);
			return false;
		}
		catch (Exception ex) {
			log.warn("Cannot replay spend spill files: " + ex.getMessage());
			return false;
		}
	}

	private void markDown(SQLException ex) {
		if (!databaseDown) {
			log.warn("Spend ledger database unavailable, spilling to disk until it returns: " + ex.getMessage());
		}
		databaseDown = true;
		nextProbeNanos = System.nanoTime() + retryNanos;
	}

	private void spillOrDrop(List<SpendRecord> batch) {
		try {
			spill.append(batch);
		}
		catch (Exception ex) {
			dropped.addAndGet(batch.size());
			log.error("Cannot spill " + batch.size() + " spend rows to disk, they are lost: " + ex.getMessage());
		}
	}

	/** Stops accepting work after flushing what is queued; waits at most the shutdown timeout. */
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
			log.warn("Spend ledger did not flush within " + shutdownTimeout + "; " + queue.size() + " rows left");
		}
		try {
			spill.close();
		}
		catch (Exception ex) {
			log.warn("Cannot close the spend spill file: " + ex.getMessage());
		}
	}

	/** Rows queued in memory plus rows waiting in spill files: the backlog to reach the database. */
	public long backlog() {
		return queue.size() + spill.pendingRows();
	}

	public int buffered() {
		return queue.size();
	}

	public long spilled() {
		return spill.pendingRows();
	}

	public long written() {
		return written.get();
	}

	public long dropped() {
		return dropped.get();
	}

	public long rejected() {
		return rejected.get();
	}

	public boolean databaseDown() {
		return databaseDown;
	}
}
