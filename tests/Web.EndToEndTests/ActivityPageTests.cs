using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Web.EndToEndTests;

/// <summary>
/// The Activity page in Chromium: the user's photos by state, the pace, the failures with their reasons and links,
/// changing live as photos run (no reload), and "Retry failed"; the album page's bulk reprocess and the photo page's
/// note of what made its results.
/// </summary>
public sealed class ActivityPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    static readonly TimeSpan Processing = TimeSpan.FromSeconds(90);

    string Url(string path) => new Uri(fixture.Host.BaseAddress, path).ToString();

    [Fact]
    public async Task The_activity_page_counts_lists_failures_updates_live_and_retries_the_failed_photos()
    {
        var email = $"activity-{Guid.NewGuid():N}@example.com";
        // The photos go in through the API (as the command-line tool sends them); the person watches in the browser.
        using var api = await UserSession.SignUpAsync(fixture.Host, email);
        var zoo = await api.CreateAlbumAsync("Zoo");
        var first = await api.UploadImagesAsync(zoo.Id, "kite.jpg", "giraffe.gif", "dog.jpg");
        foreach (var photo in first)
        {
            await api.WaitForFinishAsync(photo.Id, Processing);
        }

        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 }, TimezoneId = "Europe/Berlin" });
        var page = await context.NewPageAsync();
        await SignInAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        await page.WaitForURLAsync(Url("/activity"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Activity");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await Expect(page.Locator(".live-state")).ToHaveTextAsync("Live updates on");

        await Expect(page.GetByTestId("count-succeeded")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("count-failed")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-state='Failed'] [data-code='NotSupportedImageType']")).ToContainTextAsync("This file type isn't supported");
        await Expect(page.GetByTestId("pace")).ToHaveTextAsync("3 photos finished in the last 10 minutes (0.3 a minute).");
        await Expect(page.GetByTestId("time-left")).ToHaveTextAsync("Nothing is waiting.");
        var gifRow = page.Locator($"tr[data-photo='{first[1].Id}']");
        await Expect(gifRow).ToContainTextAsync("only JPEG and PNG images are processed");
        await Expect(gifRow.Locator(".failure-code")).ToHaveTextAsync("NotSupportedImageType");
        await Expect(gifRow.GetByRole(AriaRole.Link, new() { Name = "giraffe.gif" })).ToHaveAttributeAsync("href", $"/photos/{first[1].Id}");
        await Expect(gifRow.GetByRole(AriaRole.Link, new() { Name = "Zoo" })).ToHaveAttributeAsync("href", $"/albums/{zoo.Id}");

        // Live: more photos run while the page stays as it is (a marker on the window survives only without a reload).
        await page.EvaluateAsync("""
            () => {
              window.__sameDocument = true;
              window.__waiting = 0;
              const count = id => +(document.querySelector(`[data-testid='${id}']`)?.textContent ?? 0);
              new MutationObserver(() => window.__waiting = Math.max(window.__waiting, count("count-pending") + count("count-running")))
                .observe(document.body, { subtree: true, childList: true, characterData: true });
            }
            """);
        var second = await api.UploadImagesAsync(zoo.Id, "eagle.jpg", "person.jpg", "horses.jpg", "giraffe.gif");
        var timeout = new LocatorAssertionsToHaveTextOptions { Timeout = (float)Processing.TotalMilliseconds };
        await Expect(page.GetByTestId("count-succeeded")).ToHaveTextAsync("5", timeout);
        await Expect(page.GetByTestId("count-failed")).ToHaveTextAsync("2", timeout);
        await Expect(page.GetByTestId("pace")).ToContainTextAsync("7 photos finished", new() { Timeout = (float)Processing.TotalMilliseconds });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "The page was reloaded; the counts must change live.");
        Assert.True(await page.EvaluateAsync<int>("window.__waiting") >= 1, "Photos were seen waiting or running while they did.");
        await Expect(page.Locator("table.activity-failures tbody tr")).ToHaveCountAsync(2);
        await Screenshots.TakeAsync(page, "activity");
        await page.SetViewportSizeAsync(375, 812);
        await Screenshots.TakeAsync(page, "activity-phone");
        await page.SetViewportSizeAsync(1280, 860);

        await page.GetByTestId("retry-failed").ClickAsync();
        await Expect(page.GetByText("Processing 2 photos again.")).ToBeVisibleAsync();
        // The GIFs fail again (another run cannot make a GIF a photo): two more finished, still two failed.
        await Expect(page.GetByTestId("pace")).ToContainTextAsync("9 photos finished", new() { Timeout = (float)Processing.TotalMilliseconds });
        await Expect(page.GetByTestId("count-failed")).ToHaveTextAsync("2");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));

        // The album's own bulk reprocess: nothing is outdated, the models have not changed.
        await page.GotoAsync(Url($"/albums/{zoo.Id}"));
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await OpenMenuAsync(page.GetByRole(AriaRole.Button, new() { Name = "Reprocess…", Exact = true }), page.GetByTestId("album-reprocess-outdated"));
        await page.GetByTestId("album-reprocess-outdated").ClickAsync();
        await Expect(page.GetByText("No outdated photos to process again.")).ToBeVisibleAsync();

        // What made a photo's results, on its page, folded away until asked for.
        await page.GotoAsync(Url($"/photos/{first[0].Id}"));
        // The interactive render replaces the prerendered page, and with it a <details> opened before it.
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("provenance")).ToBeHiddenAsync();
        await page.GetByText("How these were made").ClickAsync();
        await Expect(page.GetByTestId("provenance")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("provenance")).ToContainTextAsync("Labels by NanoDet nanodet_coco.onnx@");
        await Expect(page.GetByTestId("provenance")).ToContainTextAsync("MobileNetV2 int8 mobilenetv2-12-int8.onnx@");
        await Expect(page.GetByTestId("provenance")).ToContainTextAsync("jpeg 250 px, quality 80");
        Assert.Equal(7, first.Count + second.Count);
    }

    /// <summary>
    /// Opens a menu and waits for its item; clicks again if the first click opened nothing. In one CI run of many the
    /// album page's "Reprocess…" menu, clicked just after the page went interactive, never showed its items (not
    /// reproduced here; the menu is rendered anew when the gallery's photos arrive); a person clicks again, as this does.
    /// </summary>
    static async Task OpenMenuAsync(ILocator menu, ILocator item)
    {
        for (var attempt = 1; ; attempt++)
        {
            await menu.ClickAsync();
            try
            {
                await item.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                await menu.Page.Keyboard.PressAsync("Escape"); // closes it if it did open late
            }
        }
    }

    async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(Url("/albums"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("correct horse battery staple");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/albums$"));
        // A link followed while the prerendered page's circuit still starts can end with that circuit's page shown.
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
    }

    static ILocatorAssertions Expect(ILocator locator)
    {
        // A loaded 2-core CI machine renders slower than Playwright's 5 s default allows for.
        Assertions.SetDefaultExpectTimeout(20_000);
        return Assertions.Expect(locator);
    }
}
