package io.llmgateway.gateway.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The listeners of one {@link LlmExchange} and whether it has ended. Each listener is called exactly once: those
 * registered before the end in {@link CompletionListener#order} when it ends, one registered after at once. Removing
 * a listener before calling it is what makes "once" hold when registration races the end.
 */
final class CompletionListeners {

	private static final Log log = LogFactory.getLog(LlmExchange.class);

	private static final Comparator<CompletionListener> BY_ORDER = Comparator.comparingInt(CompletionListener::order);

	private final List<CompletionListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicBoolean completed = new AtomicBoolean();

	void add(CompletionListener listener, LlmExchange llm) {
		listeners.add(listener);
		if (completed.get() && listeners.remove(listener)) {
			invoke(listener, llm);
		}
	}

	/** True for the one call that ends the exchange. */
	boolean markCompleted() {
		return completed.compareAndSet(false, true);
	}

	boolean isCompleted() {
		return completed.get();
	}

	/** Calls every listener registered so far, in order; called once, after {@link #markCompleted}. */
	void callAll(LlmExchange llm) {
		List<CompletionListener> ordered = new ArrayList<>(listeners);
		ordered.sort(BY_ORDER);
		for (CompletionListener l : ordered) {
			if (listeners.remove(l)) {
				invoke(l, llm);
			}
		}
	}

	private static void invoke(CompletionListener l, LlmExchange llm) {
		try {
			l.onComplete(llm);
		}
		catch (RuntimeException ex) {
			log.warn("Completion listener " + l.getClass().getName() + " failed for request " + llm.requestId(), ex);
		}
	}
}
