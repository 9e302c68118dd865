package io.llmgateway.adminui;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * Checks the sign-in form. Answers the subject to record in the session (never the credential), or an error
 * message to show on the form.
 */
public interface ConsoleLogin {

	/** {@code key} for the master-key form, {@code password} for a user name and password form. */
	String formKind();

	Mono<Result> authenticate(MultiValueMap<String, String> form, ServerHttpRequest request);

	record Result(String subject, String error) {

		static Result ok(String subject) {
			return new Result(subject, null);
		}

		static Result refused(String error) {
			return new Result(null, error);
		}
	}
}
