package io.llmgateway.adminui;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code llm.ui.login=spring-security}, in real Chromium: the sign-in page is the application's user name and
 * password (no master key field), a user without the admin authority is refused, an admin signs in and works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = SpringSecurityConsoleBrowserTests.SecuredApp.class, properties = "llm.ui.login=spring-security")
class SpringSecurityConsoleBrowserTests {

	static final MockOpenAi provider = new MockOpenAi();

	@LocalServerPort
	int port;

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SecuredApp {

		/** The application's own chain: HTTP basic, nothing refused here (the gateway decides). */
		@Bean
		SecurityWebFilterChain chain(ServerHttpSecurity http) {
			return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.httpBasic(b -> {
				})
				.authorizeExchange(a -> a.anyExchange().permitAll())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername("ops").password("{noop}ops-pw").authorities("ROLE_LLM_ADMIN").build(),
					User.withUsername("dev").password("{noop}dev-pw").authorities("TEAM_dev").build());
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ConsoleTestApp.register(registry, provider);
	}

	@AfterAll
	static void stop() throws Exception {
		provider.close();
	}

	@Test
	void theConsoleSignsInThroughSpringSecurity() throws Exception {
		try (HeadlessChromium chromium = HeadlessChromium.start(1280, 900)) {
			WebDriver d = chromium.driver;
			WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
			String login = "http://127.0.0.1:" + port + "/ui/login";
			d.get("http://127.0.0.1:" + port + "/ui/keys");
			wait.until(ExpectedConditions.urlToBe(login));
			assertThat(d.findElements(By.id("key"))).as("no master key field").isEmpty();
			assertThat(d.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("User name");
			chromium.screenshot("10-login-spring-security");

			d.findElement(By.id("username")).sendKeys("dev");
			d.findElement(By.id("password")).sendKeys("dev-pw");
			d.findElement(By.id("sign-in")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".error"),
					"This user may not use the admin console."));

			d.findElement(By.id("username")).sendKeys("ops");
			d.findElement(By.id("password")).sendKeys("ops-pw");
			d.findElement(By.id("sign-in")).click();
			wait.until(ExpectedConditions.urlContains("/ui/overview"));
			assertThat(d.findElement(By.cssSelector(".who")).getText()).isEqualTo("ops");
			d.findElement(By.linkText("Keys")).click();
			d.findElement(By.id("k-alias")).sendKeys("made-by-ops");
			d.findElement(By.id("key-submit")).click();
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("keys-table"), "made-by-ops"));
			d.findElement(By.id("sign-out")).click();
			wait.until(ExpectedConditions.urlContains("/ui/login"));
		}
	}
}
