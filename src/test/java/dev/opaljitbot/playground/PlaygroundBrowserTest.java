package dev.opaljitbot.playground;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.OpalJitBot;
import dev.opaljitbot.config.BotConfig;
import dev.opaljitbot.sandbox.SandboxClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real (headless) Chromium, used as a person would: a leader adds a member through
 * the modal, the member list shows the expiry, time moves and the member sees the reminder, and the leader
 * requests access for the group that a reviewer approves. Screenshots of each step go to
 * target/playground-screens.
 */
class PlaygroundBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENS = Path.of("target", "playground-screens");

  private OpalJitBot bot;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI must install Debian's chromium and chromium-driver (.ci/run does): the browser test never skips in CI");
    }
    Assumptions.assumeTrue(installed, "skipped: no browser here; install it with `apt-get install chromium chromium-driver`");
    BotConfig config = BotConfig.fromEnvironment(Map.of("PORT", "0", "DATABASE_URL", "jdbc:sqlite:target/playground-" + UUID.randomUUID() + ".db"), true);
    bot = OpalJitBot.start(config, Optional.empty(), new OpalJitBot.Options(SandboxClock.running(), "127.0.0.1", h -> h, false),
        new PrintStream(new ByteArrayOutputStream()));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1300,1000",
        "--user-data-dir=" + Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    Files.createDirectories(SCREENS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (bot != null) bot.close();
  }

  private void screenshot(String name) throws Exception {
    Files.write(SCREENS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private void beUser(String label) {
    new Select(browser.findElement(By.id("who"))).selectByVisibleText(label);
  }

  private void type(String command) {
    WebElement input = browser.findElement(By.id("command-text"));
    input.sendKeys(command);
    browser.findElement(By.cssSelector("#composer button[type=submit]")).click();
  }

  private void waitForText(By where, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(where, text));
  }

  /** Types into an external select in the modal and picks the suggestion with this text. */
  private void pick(String inputId, String query, String suggestion) {
    WebElement search = browser.findElement(By.id(inputId));
    search.click();
    search.sendKeys(query);
    By option = By.xpath("//div[@id='modal']//button[@role='option'][normalize-space()='" + suggestion + "']");
    wait.until(ExpectedConditions.elementToBeClickable(option)).click();
  }

  /** Clicks what the locator finds now: the page redraws messages as they arrive, so a found element can go stale. */
  private void clickFresh(By locator) {
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
      d.findElement(locator).click();
      return true;
    });
  }

  private void submitModal() {
    browser.findElement(By.cssSelector("#modal button[type=submit]")).click();
  }

  private void closeModal() {
    browser.findElement(By.xpath("//div[@id='modal']//button[normalize-space()='Close']")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("modal-backdrop")));
  }

  @Test
  void at_800_px_the_sandbox_panel_goes_below_the_conversation_and_an_empty_inbox_says_what_to_do() throws Exception {
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(800, 900));
    browser.get("http://127.0.0.1:" + bot.port() + "/playground");
    waitForText(By.id("groups"), "Project Falcon");
    beUser("Gus Lind (@gus)");
    waitForText(By.id("messages"), "No messages yet");
    org.openqa.selenium.Rectangle conversation = browser.findElement(By.id("messages")).getRect();
    org.openqa.selenium.Rectangle panel = browser.findElement(By.cssSelector("aside.state")).getRect();
    screenshot("9-narrow-800px");
    org.junit.jupiter.api.Assertions.assertTrue(panel.getY() >= conversation.getY() + conversation.getHeight(),
        "stacked: the panel starts below the conversation (" + panel + " vs " + conversation + ")");
  }

  @Test
  void a_form_behaves_like_slacks_modal_keyboard_focus_escape_and_only_the_latest_suggestions() throws Exception {
    browser.get("http://127.0.0.1:" + bot.port() + "/playground");
    waitForText(By.id("groups"), "Project Falcon");
    beUser("Ada Lovelace (@ada)");
    type("request");
    waitForText(By.id("modal-title"), "Request access");
    // The answer for the first keystroke comes late: it must not replace the answer for the whole word.
    browser.executeScript("const real = suggest; let n = 0;"
        + "window.suggest = async (e, b, q) => { const mine = ++n; const r = await real(e, b, q);"
        + " if (mine === 1) { await new Promise((done) => setTimeout(done, 1500)); setTimeout(() => { window.lateAnswerDone = true; }, 0); }"
        + " return r; };");
    WebElement items = browser.findElement(By.id("in-items"));
    items.click();
    items.sendKeys("l");
    items.sendKeys("edger");
    By options = By.xpath("//div[@id='modal']//button[@role='option']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(options, "payments-ledger"));
    // Positive signal first: the late answer for "l" has been handled by the page.
    wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return window.lateAnswerDone === true;")));
    List<String> shown = browser.findElements(options).stream().map(WebElement::getText).toList();
    org.junit.jupiter.api.Assertions.assertEquals(List.of("payments-ledger"), shown, "the latest query's suggestions only");

    // Enter picks the highlighted suggestion and does not submit the form; Escape closes the list, then the form.
    items.sendKeys(Keys.ENTER);
    waitForText(By.id("modal"), "payments-ledger");
    org.junit.jupiter.api.Assertions.assertTrue(browser.findElement(By.id("modal-backdrop")).isDisplayed(), "still open: Enter picked, not submitted");
    org.junit.jupiter.api.Assertions.assertTrue(browser.findElements(options).isEmpty(), "the list closed after the pick");
    items.sendKeys("prod");
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(options, 1));
    items.sendKeys(Keys.ARROW_DOWN);
    WebElement second = browser.findElements(options).get(1);
    org.junit.jupiter.api.Assertions.assertEquals("true", second.getAttribute("aria-selected"), "arrow keys move through suggestions");
    items.sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.numberOfElementsToBe(options, 0));
    org.junit.jupiter.api.Assertions.assertTrue(browser.findElement(By.id("modal-backdrop")).isDisplayed(), "Escape closed the list only");

    // Tab stays in the form: from its last control to its first.
    WebElement submit = browser.findElement(By.cssSelector("#modal button[type=submit]"));
    browser.executeScript("arguments[0].focus();", submit);
    submit.sendKeys(Keys.TAB);
    WebElement focused = browser.switchTo().activeElement();
    org.junit.jupiter.api.Assertions.assertTrue((Boolean) browser.executeScript("return document.getElementById('modal').contains(arguments[0]);", focused),
        "focus stays in the form");
    screenshot("10-form-keyboard");
    // Escape closes an open suggestion list first (the first field shows its suggestions on focus), then the form.
    wait.until(d -> {
      if (!d.findElement(By.id("modal-backdrop")).isDisplayed()) {
        return true;
      }
      d.switchTo().activeElement().sendKeys(Keys.ESCAPE);
      return false;
    });
  }

  /** The page's mrkdwn renderer on a text, as HTML. */
  private String render(String mrkdwn) {
    return (String) browser.executeScript("return mrkdwn(arguments[0]);", mrkdwn);
  }

  /** Cases from Slack's formatting reference (https://api.slack.com/reference/surfaces/formatting). */
  @Test
  void mrkdwn_is_drawn_as_slacks_formatting_reference_describes_it() {
    browser.get("http://127.0.0.1:" + bot.port() + "/playground");
    waitForText(By.id("groups"), "Project Falcon");
    beUser("Ada Lovelace (@ada)");
    org.junit.jupiter.api.Assertions.assertEquals("<strong>bold</strong> <em>italic</em> <del>strike</del>", render("*bold* _italic_ ~strike~"));
    // Code is shown as typed: no bold, italics or emoji inside it; escaped characters are decoded.
    org.junit.jupiter.api.Assertions.assertEquals("<code>/access add *x* _y_ :key: &lt;group&gt;</code> and <code>a_b_c</code>",
        render("`/access add *x* _y_ :key: &lt;group&gt;` and `a_b_c`"));
    org.junit.jupiter.api.Assertions.assertEquals("<pre>line one\n*two*</pre>", render("```line one\n*two*```"));
    org.junit.jupiter.api.Assertions.assertEquals("&lt;b&gt; &amp; co", render("&lt;b&gt; &amp; co"), "decoded, never markup");
    org.junit.jupiter.api.Assertions.assertEquals("<a href=\"https://example.com/a?b=1&amp;c=2\" target=\"_blank\" rel=\"noopener\">Tom &amp; Jerry</a>",
        render("<https://example.com/a?b=1&amp;c=2|Tom &amp; Jerry>"));
    org.junit.jupiter.api.Assertions.assertEquals("<span class=\"mention\">@ada</span> in <span class=\"mention\">#reviews</span>",
        render("<@U0ADA0001> in <#C0REVIEWS|reviews>"));
    // Date tokens follow their format, relative to the sandbox's clock: "Today at 5:01 PM".
    long now = (Long) browser.executeScript("return Math.floor(state.now / 1000);");
    String today = render("<!date^" + (now + 60) + "^{date_short_pretty} at {time}|fallback>");
    org.junit.jupiter.api.Assertions.assertTrue(today.matches("(Today|Tomorrow) at \\d{1,2}:\\d{2} (AM|PM)"), today);
    org.junit.jupiter.api.Assertions.assertTrue(render("<!date^" + (now + 86_400 * 3) + "^{date_num}|x>").matches("\\d{4}-\\d{2}-\\d{2}"));
    // Formatting may span a token.
    String struck = render("~ended <!date^" + now + "^{date_short}|x>~");
    org.junit.jupiter.api.Assertions.assertTrue(struck.startsWith("<del>ended ") && struck.endsWith("</del>"), struck);
    org.junit.jupiter.api.Assertions.assertEquals("\uD83D\uDD11 \uD83D\uDCE6 :not_an_emoji_we_know:", render(":key: :package: :not_an_emoji_we_know:"));
    org.junit.jupiter.api.Assertions.assertEquals("<span class=\"quote\">a reply</span><br>after", render("&gt;a reply\nafter"));
  }

  @Test
  void a_leader_adds_a_member_time_passes_the_member_is_reminded_and_a_request_is_approved() throws Exception {
    browser.get("http://127.0.0.1:" + bot.port() + "/playground");
    waitForText(By.id("groups"), "Project Falcon");
    beUser("Ada Lovelace (@ada)");

    // 1. Add Dev to Project Falcon through the modal.
    type("add");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("modal-title")));
    waitForText(By.id("modal-title"), "Add members");
    pick("in-group", "falcon", "Project Falcon");
    new Select(browser.findElement(By.id("in-users"))).selectByVisibleText("Dev Raman (@dev)");
    new Select(browser.findElement(By.id("in-duration"))).selectByVisibleText("2h");
    screenshot("1-add-modal");
    submitModal();
    waitForText(By.id("modal"), "added");
    assertTrue(browser.findElement(By.id("modal")).getText().contains("@dev added: access ends"));
    screenshot("2-added");
    closeModal();

    // 2. The member list shows Dev's expiry.
    type("members Project Falcon");
    waitForText(By.id("messages"), "Members of Project Falcon");
    waitForText(By.id("messages"), "@dev");
    assertTrue(browser.findElement(By.id("messages")).getText().contains("(in 2 h)"));
    waitForText(By.id("groups"), "Dev Raman · until");
    screenshot("3-members");

    // 3. An hour passes: Dev gets the reminder DM.
    browser.findElement(By.xpath("//div[@class='clock']/button[normalize-space()='+1 h']")).click();
    beUser("Dev Raman (@dev)");
    waitForText(By.id("messages"), "Your access to Project Falcon ends");
    assertTrue(browser.findElement(By.id("messages")).getText().contains("Ask a leader to extend"));
    screenshot("4-reminder");
    // One timeline in the order things happened: what Dev types now comes after the reminder he already had.
    type("mine");
    waitForText(By.id("messages"), "Your group access");
    String timeline = browser.findElement(By.id("messages")).getText();
    assertTrue(timeline.indexOf("Your access to Project Falcon ends") < timeline.indexOf("/access mine"), timeline);
    assertTrue(timeline.indexOf("/access mine") < timeline.lastIndexOf("Your group access"), timeline);

    // 4. Ada requests prod-readonly for Project Falcon; Cleo approves from her DM.
    beUser("Ada Lovelace (@ada)");
    type("request");
    waitForText(By.id("modal-title"), "Request access");
    pick("in-group", "falcon", "Project Falcon");
    pick("in-items", "prod-read", "prod-readonly");
    new Select(browser.findElement(By.id("in-duration"))).selectByVisibleText("4h");
    browser.findElement(By.id("in-reason")).sendKeys("debug the launch");
    submitModal();
    waitForText(By.id("modal"), "Asked @cleo to review");
    screenshot("5-requested");
    closeModal();
    beUser("Cleo Park (@cleo)");
    waitForText(By.id("messages"), "requests access for Project Falcon");
    browser.findElement(By.xpath("//div[@id='messages']//button[normalize-space()='Approve']")).click();
    waitForText(By.id("messages"), "Approved by @cleo");
    waitForText(By.id("groups"), "holds prod-readonly");
    screenshot("6-approved");

    // 5. Ada extends Dev from her Home tab: sent as Slack sends Home clicks (no response_url), answered by a
    //    redrawn Home and a DM.
    beUser("Ada Lovelace (@ada)");
    browser.findElement(By.id("tab-home")).click();
    waitForText(By.id("home"), "Groups you lead");
    browser.findElement(By.xpath("//div[@id='home']//button[starts-with(normalize-space(), 'Extend 1h')]")).click();
    browser.findElement(By.id("tab-messages")).click();
    // The answer is a DM: the conversation list shows it unread, as Slack does, until Ada opens it.
    By dm = By.xpath("//div[@id='conversations']/button[starts-with(normalize-space(), 'Opal JIT Access (DM)')]");
    wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(dm, By.className("unread")));
    org.junit.jupiter.api.Assertions.assertFalse(browser.findElement(By.id("messages")).getText().contains("access now ends"),
        "DMs are kept apart from #playground");
    clickFresh(dm);
    waitForText(By.id("messages"), "access now ends");
    screenshot("7-extended-from-home");

    // 6. Remove asks first, in a dialog drawn as Slack draws a confirm object (mrkdwn rendered, its labels).
    type("members Project Falcon");
    waitForText(By.id("messages"), "Members of Project Falcon");
    By remove = By.xpath("(//div[@id='messages']//button[normalize-space()='Remove'])[last()]");
    clickFresh(remove);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    String dialog = browser.findElement(By.id("confirm")).getText();
    assertTrue(dialog.contains("Remove access?"), dialog);
    assertTrue(dialog.contains("from Project Falcon now?") && !dialog.contains("<@") && !dialog.contains("*"), dialog);
    screenshot("8-confirm-remove");
    browser.findElement(By.xpath("//div[@id='confirm']//button[normalize-space()='Cancel']")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-backdrop")));
    assertTrue(browser.findElement(By.id("groups")).getText().contains("Cleo Park"), "Cancel removed nobody");
    clickFresh(remove);
    browser.findElement(By.xpath("//div[@id='confirm']//button[normalize-space()='Remove']")).click();
    waitForText(By.id("messages"), "no longer has access");
  }
}
