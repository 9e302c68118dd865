package io.llmgateway.gateway.observe;

import io.llmgateway.gateway.core.LlmExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per finished LLM request on the {@code llm.access} logger (INFO), so operators can route it to its
 * own appender or turn it off with the logging level. Prompts and answers appear only with
 * {@code llm.observe.log-prompts: true}; credentials never do.
 * <p>
 * Logs through SLF4J itself (the API every Spring Boot logging system binds): commons-logging's bridge hands SLF4J an
 * empty argument array with each message, and Logback then copies the whole line once more looking for
 * {@code {}} placeholders, on every request.
 */
public class LlmAccessLog {

	public static final String LOGGER = "llm.access";

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

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
