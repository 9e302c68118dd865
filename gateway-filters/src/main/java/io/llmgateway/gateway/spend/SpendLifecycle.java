package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.store.LlmDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Start-up and shutdown of the spend ledger. Starts before the web server (replays spill files of an earlier run,
 * then loads budget spend from the ledger, so the first request sees reconciled budgets) and stops after it (the
 * last requests' rows are flushed, or spilled when the database is down).
 */
final class SpendLifecycle implements SmartLifecycle {

	/** Below the web server's start/stop phase: start earlier, stop later. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log log = LogFactory.getLog(SpendLifecycle.class);

	private final SpendLedger ledger;

	private final LlmDatabase db;

	private final BudgetTracker budgets;

	private volatile boolean running;

	SpendLifecycle(SpendLedger ledger, LlmDatabase db, BudgetTracker budgets) {
		this.ledger = ledger;
		this.db = db;
		this.budgets = budgets;
	}

	@Override
	public void start() {
		if (ledger != null) {
			ledger.start();
		}
		if (db != null) {
			try {
				budgets.reconcile(db.jdbc());
			}
			catch (RuntimeException ex) {
				log.warn("Cannot load budget spend from the ledger; budgets start from zero: " + ex.getMessage());
			}
		}
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		if (ledger != null) {
			ledger.close();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}
}
