package io.llmgateway.gateway.observe;

import io.llmgateway.gateway.core.LlmExchange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One JSON line per finished LLM request on the {@code llm.access} logger (INFO), so operators can route it to its
 * own appender or turn it off with the logging level. Prompts and answers appear only with
 * {@code llm.observe.log-prompts: true}; credentials never do.
 */
public class LlmAccessLog {

	public static final String LOGGER = "llm.access";

	private static final Log log = LogFactory.getLog(LOGGER);

	private final boolean logPrompts;

	public LlmAccessLog(boolean logPrompts) {
		this.logPrompts = logPrompts;
	}

	public void log(LlmExchange llm, RequestSummary summary) {
		if (log.isInfoEnabled()) {
			log.info(RequestRecord.line(llm, summary, logPrompts, null));
		}
	}
}
