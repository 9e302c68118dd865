package io.llmgateway.gateway.spend;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.llmgateway.gateway.spend.budget.BudgetTracker;
import io.llmgateway.gateway.spend.ledger.SpendLedger;
import io.llmgateway.gateway.store.LlmDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Start-up and shutdown of the spend ledger. Starts before the web server (opens the journal, whose shipper replays
 * what an earlier run left; loads budget spend from the ledger when the database is up, else as soon as it is) and
 * stops after it (the last requests' rows are written to the journal and shipped while the database takes them). In between, budgets are reconciled with
 * the ledger every {@code llm.spend.budget-store.reconcile-interval} on a thread of their own.
 */
final class SpendLifecycle implements SmartLifecycle {

	/** Below the web server's start/stop phase: start earlier, stop later. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log log = LogFactory.getLog(SpendLifecycle.class);

	private final SpendLedger ledger;

	private final LlmDatabase db;

	private final BudgetTracker budgets;

	private final Duration reconcileInterval;

	private ScheduledExecutorService reconciler;

	private volatile boolean running;

	SpendLifecycle(SpendLedger ledger, LlmDatabase db, BudgetTracker budgets, Duration reconcileInterval) {
		this.ledger = ledger;
		this.db = db;
		this.budgets = budgets;
		this.reconcileInterval = reconcileInterval;
	}

	/** How often budgets are reconciled after start-up (zero: never). */
	Duration reconcileInterval() {
		return reconcileInterval;
	}

	@Override
	public void start() {
		if (ledger != null) {
			ledger.start();
		}
		try {
			budgets.store().warmUp();
		}
		catch (RuntimeException ex) {
			log.warn("Budget store '" + budgets.store().name() + "' not reachable at start-up (" + ex
					+ "); admissions apply llm.spend.budget-store.fail-open until it is");
		}
		if (db != null) {
			// now when the database is up, else as soon as it is connected and migrated
			db.onReady(this::reconcileAtStart);
			if (reconcileInterval != null && !reconcileInterval.isZero() && !reconcileInterval.isNegative()) {
				reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
					Thread t = new Thread(r, "llm-budget-reconcile");
					t.setDaemon(true);
					return t;
				});
				long every = reconcileInterval.toMillis();
				reconciler.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
			}
		}
		running = true;
	}

	private void reconcileAtStart() {
		try {
			budgets.reconcile(db.dataSource());
		}
		catch (RuntimeException ex) {
			log.warn("Cannot load budget spend from the ledger; budgets start from the budget store's figures: "
					+ ex.getMessage());
		}
	}

	private void reconcile() {
		if (!db.ready()) {
			return;
		}
		try {
			budgets.reconcile(db.dataSource());
		}
		catch (RuntimeException ex) {
			log.warn("Budget reconciliation with the ledger failed (retried in " + reconcileInterval + "): "
					+ ex.getMessage());
		}
	}

	@Override
	public void stop() {
		running = false;
		if (reconciler != null) {
			reconciler.shutdownNow();
		}
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
