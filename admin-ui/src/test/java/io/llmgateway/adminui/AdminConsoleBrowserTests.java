package io.llmgateway.adminui;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in real headless Chromium against a real gateway and a mock provider: sign in with the master key,
 * create a key in the form, use it, edit its budget, block it (the gateway then refuses it), read the spend chart and
 * the request log, and sign out. Screenshots of every page go to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ConsoleTestApp.class,
		properties = ConsoleTestApp.NO_DEFAULT_SECURITY)
class AdminConsoleBrowserTests {

	static final MockOpenAi provider = new MockOpenAi();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ConsoleTestApp.register(registry, provider);
	}

	@AfterAll
	static void stop() throws Exception {
		provider.close();
	}

	String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	@Test
	void anOperatorManagesAKeyAndSeesItsSpend() throws Exception {
		ConsoleHttp http = new ConsoleHttp(port);
		try (HeadlessChromium chromium = HeadlessChromium.start(1280, 900)) {
			WebDriver d = chromium.driver;
			WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));

			// sign in with the master key
			d.get(url("/ui"));
			wait.until(ExpectedConditions.urlContains("/ui/login"));
			chromium.screenshot("01-login");
			d.findElement(By.id("key")).sendKeys(ConsoleTestApp.MASTER);
			d.findElement(By.id("sign-in")).click();
			wait.until(ExpectedConditions.urlContains("/ui/overview"));
			assertThat(d.manage().getCookieNamed(ConsoleSessions.COOKIE).isHttpOnly()).isTrue();
			assertThat(String.valueOf(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
					"return document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")))
				.doesNotContain(ConsoleTestApp.MASTER)
				.doesNotContain(ConsoleSessions.COOKIE);

			// create a key in the form; it is shown once and listed without the key itself
			d.findElement(By.linkText("Keys")).click();
			wait.until(ExpectedConditions.urlContains("/ui/keys"));
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys-table"), "No keys yet."));
			d.findElement(By.id("k-alias")).sendKeys("browser-key");
			d.findElement(By.id("k-models")).sendKeys("gpt-test");
			d.findElement(By.id("k-budget")).sendKeys("5");
			d.findElement(By.id("k-period")).sendKeys("30d");
			d.findElement(By.id("k-rpm")).sendKeys("100");
			d.findElement(By.id("key-submit")).click();
			WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key")));
			String key = shown.getDomProperty("value");
			assertThat(key).startsWith("sk-").hasSizeGreaterThan(40);
			assertThat(d.findElement(By.id("copy-key")).isDisplayed()).isTrue();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys-table"), "browser-key"));
			String listed = d.findElement(By.id("keys-table")).getText();
			assertThat(listed).contains("browser-key", "gpt-test", "$5.00 / 30d", "active").doesNotContain(key);
			chromium.screenshot("02-keys-created");

			// the key works
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> r = http.chat(key, "hello " + i);
				assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
			}
			assertThat(http.chat(key, "FAIL please").statusCode()).isEqualTo(500);

			// edit its budget
			d.findElement(By.cssSelector("button[aria-label='Edit browser-key']")).click();
			WebElement budget = d.findElement(By.id("k-budget"));
			assertThat(budget.getDomProperty("value")).isEqualTo("5");
			budget.clear();
			budget.sendKeys("7.5");
			d.findElement(By.id("key-submit")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys-table"), "$7.50 / 30d"));
			JsonNode info = http.adminGet("/llm/key/info?key=" + key).get("info");
			assertThat(info.get("max_budget").decimalValue()).isEqualByComparingTo("7.5");
			assertThat(info.get("rpm_limit").asLong()).isEqualTo(100);
			assertThat(info.get("key_alias").asString()).isEqualTo("browser-key");

			// block it: the gateway refuses it
			d.findElement(By.cssSelector("button[aria-label='Block browser-key']")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys-table"), "blocked"));
			int providerCalls = provider.calls.get();
			HttpResponse<String> refused = http.chat(key, "after block");
			assertThat(refused.statusCode()).isIn(401, 403);
			assertThat(refused.body()).contains("blocked");
			assertThat(provider.calls.get()).as("the blocked key's request never reached the provider")
				.isEqualTo(providerCalls);
			chromium.screenshot("03-keys-blocked");

			// the ledger has the four requests (written asynchronously)
			await().atMost(Duration.ofSeconds(10))
				.until(() -> http.adminGet("/llm/spend/daily").get("data").path(0).path("requests").asLong() >= 4);

			// spend page: the chart has drawn today's spend, the breakdown and the log show the key's traffic
			d.findElement(By.linkText("Spend and logs")).click();
			wait.until(ExpectedConditions.urlContains("/ui/spend"));
			String today = LocalDate.now(ZoneOffset.UTC).toString();
			WebElement todayBar = wait.until(ExpectedConditions.presenceOfElementLocated(
					By.cssSelector("#spend-chart svg rect.bar[data-label='" + today + "']")));
			assertThat(Double.parseDouble(todayBar.getDomAttribute("data-value"))).isEqualTo(0.06);
			assertThat(Double.parseDouble(todayBar.getDomAttribute("height"))).isGreaterThan(10);
			List<WebElement> drawn = d.findElements(By.cssSelector("#spend-chart svg rect.bar"));
			assertThat(drawn).hasSize(30);
			assertThat(d.findElement(By.cssSelector("#spend-chart svg")).getDomAttribute("data-points")).isEqualTo("1");
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("spend-breakdown"), "gpt-test"));
			assertThat(d.findElement(By.id("spend-breakdown")).getText()).contains("$0.06");
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-table"), "browser-key"));
			assertThat(d.findElements(By.cssSelector("#log-table tbody tr"))).hasSize(4);
			assertThat(d.findElement(By.id("log-table")).getText()).doesNotContain("hello 0");

			// the log filter: failed requests only
			new org.openqa.selenium.support.ui.Select(d.findElement(By.id("l-status"))).selectByValue("error");
			d.findElement(By.cssSelector("#log-form button[type=submit]")).click();
			wait.until(d2 -> d2.findElements(By.cssSelector("#log-table tbody tr")).size() == 1);
			assertThat(d.findElement(By.id("log-table")).getText()).contains("500");

			// CSV export of the breakdown
			java.nio.file.Path file = chromium.downloads.resolve("spend-by-model-" + LocalDate.now(ZoneOffset.UTC).minusDays(29)
					+ "-" + today + ".csv");
			java.nio.file.Files.deleteIfExists(file);
			d.findElement(By.id("csv-export")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(file));
			String csv = java.nio.file.Files.readString(file);
			assertThat(csv).startsWith("Model,Requests,Input tokens,Output tokens,Cache hits,Spend (USD)\r\n")
				.contains("gpt-test,4,");
			chromium.screenshot("04-spend");

			// the other pages render their data
			d.findElement(By.linkText("Overview")).click();
			wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#overview-spend-chart svg")));
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("top-keys"), "browser-key"));
			assertThat(d.findElement(By.cssSelector("[data-stat='Today Requests'] .value")).getText()).isEqualTo("4");
			assertThat(d.findElement(By.cssSelector("[data-stat='Today Errors'] .value")).getText()).isEqualTo("1");
			chromium.screenshot("05-overview");

			d.findElement(By.linkText("Models")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models-table"), "gpt-test#0"));
			assertThat(d.findElement(By.id("models-table")).getText()).contains("openai", "mock-model", "$1,000",
					"$2,000", "of 600");

			// a deployment added at run time (stored in the database), used, edited and deleted
			d.findElement(By.id("m-name")).sendKeys("added-model");
			d.findElement(By.id("m-model")).sendKeys("openai/mock-model");
			d.findElement(By.id("m-base")).sendKeys(provider.apiBase());
			d.findElement(By.id("m-key")).sendKeys(MockOpenAi.PROVIDER_KEY);
			d.findElement(By.id("m-rpm")).sendKeys("30");
			d.findElement(By.id("model-submit")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models-table"), "added-model"));
			assertThat(d.findElement(By.id("models-table")).getText()).contains("database", "of 30")
				.doesNotContain(MockOpenAi.PROVIDER_KEY);
			assertThat(http.postJson("/v1/chat/completions", ConsoleHttp.CHAT.replace("gpt-test", "added-model")
				.formatted("via added model"), "Authorization", "Bearer " + ConsoleTestApp.MASTER).statusCode()).isEqualTo(200);
			chromium.screenshot("06-models");
			WebElement edit = d.findElements(By.cssSelector("#models-table button"))
				.stream()
				.filter(b -> b.getText().equals("Edit"))
				.findFirst()
				.orElseThrow();
			edit.click();
			WebElement rpm = d.findElement(By.id("m-rpm"));
			assertThat(rpm.getDomProperty("value")).isEqualTo("30");
			rpm.clear();
			rpm.sendKeys("45");
			d.findElement(By.id("model-submit")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models-table"), "of 45"));
			d.findElements(By.cssSelector("#models-table button"))
				.stream()
				.filter(b -> b.getText().equals("Delete"))
				.findFirst()
				.orElseThrow()
				.click();
			d.switchTo().alert().accept();
			wait.until(ExpectedConditions.not(
					ExpectedConditions.textToBePresentInElementLocated(By.id("models-table"), "added-model")));
			assertThat(http.postJson("/v1/chat/completions", ConsoleHttp.CHAT.replace("gpt-test", "added-model")
				.formatted("after delete"), "Authorization", "Bearer " + ConsoleTestApp.MASTER).statusCode()).isEqualTo(404);

			d.findElement(By.linkText("Teams and users")).click();
			wait.until(ExpectedConditions.presenceOfElementLocated(By.id("t-id")));
			d.findElement(By.id("t-id")).sendKeys("research");
			d.findElement(By.id("t-budget")).sendKeys("100");
			d.findElement(By.cssSelector("#team-form button[type=submit]")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("teams-table"), "research"));
			d.findElement(By.id("u-id")).sendKeys("alice");
			d.findElement(By.id("u-teams")).sendKeys("research");
			d.findElement(By.cssSelector("#user-form button[type=submit]")).click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key")));
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-table"), "alice"));
			d.findElement(By.cssSelector("button[aria-label='Members of research']")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("members-users"), "alice"));
			chromium.screenshot("07-teams");

			// edit alice's budget and limits: the list and /user/info show them, the rest of alice is kept
			d.findElement(By.cssSelector("button[aria-label='Edit user alice']")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-form-title"), "Edit user alice"));
			assertThat(d.findElement(By.id("u-teams")).getDomProperty("value")).isEqualTo("research");
			assertThat(d.findElement(By.id("u-key")).isDisplayed()).isFalse();
			d.findElement(By.id("u-budget")).sendKeys("40");
			d.findElement(By.id("u-period")).sendKeys("30d");
			d.findElement(By.id("u-rpm")).sendKeys("12");
			d.findElement(By.id("u-models")).sendKeys("gpt-test");
			d.findElement(By.id("user-submit")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-table"), "$40.00 / 30d"));
			assertThat(d.findElement(By.id("user-form-title")).getText()).isEqualTo("Create a user");
			JsonNode alice = http.adminGet("/llm/user/info?user_id=alice").get("user_info");
			assertThat(alice.get("max_budget").decimalValue()).isEqualByComparingTo("40");
			assertThat(alice.get("budget_duration").asString()).isEqualTo("30d");
			assertThat(alice.get("rpm_limit").asLong()).isEqualTo(12);
			assertThat(alice.get("models").get(0).asString()).isEqualTo("gpt-test");
			assertThat(alice.get("teams").get(0).asString()).isEqualTo("research");

			// a user without keys, deleted from its row
			d.findElement(By.id("u-id")).sendKeys("carol");
			d.findElement(By.id("u-key")).click();
			d.findElement(By.id("user-submit")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users-table"), "carol"));
			d.findElement(By.cssSelector("button[aria-label='Delete user carol']")).click();
			wait.until(ExpectedConditions.alertIsPresent()).accept();
			wait.until(ExpectedConditions.not(
					ExpectedConditions.textToBePresentInElementLocated(By.id("users-table"), "carol")));
			assertThat(http.get("/llm/user/info?user_id=carol", "Authorization", "Bearer " + ConsoleTestApp.MASTER)
				.statusCode()).isEqualTo(404);
			assertThat(http.adminGet("/llm/user/info?user_id=alice").get("user_id").asString()).isEqualTo("alice");

			// a phone-sized screen: nothing wider than the screen outside the scrolling tables
			chromium.resize(390, 844);
			d.findElement(By.linkText("Keys")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys-table"), "browser-key"));
			chromium.screenshot("08-keys-390px");
			Object tooWide = ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
					"return [...document.querySelectorAll('body *')].filter(e => !e.closest('.table-wrap'))"
							+ ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
							+ ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
			assertThat((List<?>) tooWide).as("elements wider than a 390 px screen").isEmpty();
			chromium.resize(1280, 900);

			// sign out: the session is gone
			d.findElement(By.id("sign-out")).click();
			wait.until(ExpectedConditions.urlContains("/ui/login"));
			assertThat(d.findElement(By.cssSelector(".notice")).getText()).isEqualTo("You are signed out.");
			chromium.screenshot("09-signed-out");
			d.get(url("/ui/keys"));
			wait.until(ExpectedConditions.urlContains("/ui/login"));
		}
	}

	@Test
	void everyFormFieldHasALabel() throws Exception {
		ConsoleHttp http = new ConsoleHttp(port);
		try (HeadlessChromium chromium = HeadlessChromium.start(1280, 900)) {
			WebDriver d = chromium.driver;
			d.get(url("/ui/login"));
			d.findElement(By.id("key")).sendKeys(ConsoleTestApp.MASTER);
			d.findElement(By.id("sign-in")).click();
			new WebDriverWait(d, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/ui/overview"));
			for (String page : ConsolePageRenderer.PAGES.keySet()) {
				d.get(url("/ui/" + page));
				@SuppressWarnings("unchecked")
				List<String> unlabelled = (List<String>) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
						"return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
								+ ".filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label'))"
								+ ".map(f => f.id || f.name)");
				assertThat(unlabelled).as(page).isEmpty();
			}
		}
		assertThat(http.get("/ui/overview").statusCode()).isEqualTo(303);
	}
}
