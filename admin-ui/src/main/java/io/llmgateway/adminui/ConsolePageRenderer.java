package io.llmgateway.adminui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.web.util.HtmlUtils;

/**
 * Server-side HTML: the page shell ({@code llm-ui/layout.html}) with one page's body ({@code llm-ui/pages/*.html})
 * and the few values the scripts need (API base path, CSRF token), all HTML-escaped. Templates are read once.
 */
final class ConsolePageRenderer {

	/** Path segment → navigation label; the order is the navigation's. */
	static final Map<String, String> PAGES = pages();

	private final Map<String, String> templates = new LinkedHashMap<>();

	ConsolePageRenderer() {
		templates.put("layout", read("llm-ui/layout.html"));
		templates.put("login", read("llm-ui/login.html"));
		PAGES.keySet().forEach(p -> templates.put(p, read("llm-ui/pages/" + p + ".html")));
	}

	private static Map<String, String> pages() {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("overview", "Overview");
		p.put("keys", "Keys");
		p.put("teams", "Teams and users");
		p.put("models", "Models");
		p.put("spend", "Spend and logs");
		return p;
	}

	String page(String page, String apiBase, String csrfToken, String subject) {
		StringBuilder nav = new StringBuilder();
		PAGES.forEach((path, label) -> nav.append("<li><a href=\"/ui/").append(path).append('"')
			.append(path.equals(page) ? " aria-current=\"page\"" : "")
			.append('>').append(label).append("</a></li>"));
		return fill(templates.get("layout"), Map.of("title", esc(PAGES.get(page)), "page", page, "nav", nav.toString(),
				"api", esc(apiBase), "csrf", esc(csrfToken), "user", esc(subject), "content", templates.get(page)));
	}

	String login(String formKind, String loginToken, String error, String notice) {
		String message = error != null ? "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>"
				: notice != null ? "<p class=\"notice\" role=\"status\">" + esc(notice) + "</p>" : "";
		String fields = "key".equals(formKind)
				? "<label for=\"key\">Master key</label>"
						+ "<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"current-password\" required autofocus>"
				: "<label for=\"username\">User name</label>"
						+ "<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>"
						+ "<label for=\"password\">Password</label>"
						+ "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>";
		return fill(templates.get("login"), Map.of("kind", formKind, "fields", fields, "csrf", esc(loginToken),
				"message", message));
	}

	private static String fill(String template, Map<String, String> values) {
		StringBuilder out = new StringBuilder(template.length() + 4096);
		int i = 0;
		while (true) {
			int start = template.indexOf("{{", i);
			if (start < 0) {
				return out.append(template, i, template.length()).toString();
			}
			int end = template.indexOf("}}", start);
			String name = template.substring(start + 2, end);
			out.append(template, i, start).append(values.getOrDefault(name, ""));
			i = end + 2;
		}
	}

	private static String esc(String s) {
		return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
	}

	private static String read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("admin console template missing: " + path, ex);
		}
	}
}
