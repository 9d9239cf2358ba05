using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Web.EndToEndTests;

/// <summary>
/// A person's whole visit, in Chromium against the standalone host: sign up, create an album, upload
/// two photos and a GIF, watch the statuses change live, read a photo's details, search, sign out.
/// </summary>
public sealed class UserJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    const string Password = "correct horse battery staple";
    static readonly TimeSpan Processing = TimeSpan.FromSeconds(90);

    string Url(string path) => new Uri(fixture.Host.BaseAddress, path).ToString();

    static string Image(string name) => TestImages.PathOf(name);

    [Fact]
    public async Task A_new_user_uploads_photos_and_sees_them_processed_live()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        var email = $"web-{Guid.NewGuid():N}@example.com";

        await SignUpAsync(page, email);
        var albumUrl = await CreateAlbumAsync(page, "Safari");
        await UploadAndWatchAsync(page);
        await Screenshots.TakeAsync(page, "album");

        await page.SetViewportSizeAsync(375, 812);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-photo='kite.jpg'] [data-status='Succeeded']")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "album-phone");
        await page.SetViewportSizeAsync(1280, 860);

        var label = await OpenPhotoAsync(page, "kite.jpg");
        await SearchAsync(page, label);

        await page.GotoAsync(Url("/albums"));
        await Expect(page.Locator("[data-album='Safari'] .photo-count")).ToHaveTextAsync("3 photos");
        await Expect(page.Locator("[data-album='Safari'] img")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "albums");

        await SignOutAsync(page);
        await SignInAsync(page, email);
        await page.GotoAsync(albumUrl);
        await Expect(page.Locator("[data-photo='giraffe.jpg'] [data-status='Succeeded']")).ToBeVisibleAsync();
    }

    async Task SignUpAsync(IPage page, string email)
    {
        await page.GotoAsync(Url("/"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your photos, described for you");
        await Screenshots.TakeAsync(page, "landing");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create an account" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await Screenshots.TakeAsync(page, "signup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();

        // Provider session -> authorization code + PKCE -> the UI's cookie -> the albums page.
        await page.WaitForURLAsync(Url("/albums"));
        await Expect(page.GetByText(email)).ToBeVisibleAsync();
    }

    /// <summary>
    /// The page is prerendered, then the circuit takes over and renders it again from the server's
    /// state: typing before that is lost. Wait for the layout to say it is interactive.
    /// </summary>
    static Task WaitUntilInteractiveAsync(IPage page) => Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();

    async Task<string> CreateAlbumAsync(IPage page, string name)
    {
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByText("No albums yet")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create album" }).ClickAsync();
        await Expect(page.GetByText("Give the album a name.")).ToBeVisibleAsync();

        await page.Locator("#album-name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create album" }).ClickAsync();
        await Expect(page.Locator($"[data-album='{name}']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/albums/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        return page.Url;
    }

    async Task UploadAndWatchAsync(IPage page)
    {
        await Expect(page.Locator(".live-state")).ToHaveTextAsync("Live updates on");
        await Expect(page.GetByText("Up to 2.9 MB per photo")).ToBeVisibleAsync();
        // A marker on the window: it survives only if the page is never reloaded.
        await page.EvaluateAsync("window.__sameDocument = true");

        await page.Locator("#photo-input").SetInputFilesAsync([Image("kite.jpg"), Image("giraffe.jpg"), Image("giraffe.gif")]);
        foreach (var file in new[] { "kite.jpg", "giraffe.jpg", "giraffe.gif" })
        {
            await Expect(page.Locator($"[data-upload='{file}'] .upload-state")).ToHaveTextAsync("uploaded", new() { Timeout = 60_000 });
        }

        var timeout = new LocatorAssertionsToBeVisibleOptions { Timeout = (float)Processing.TotalMilliseconds };
        await Expect(page.Locator("[data-photo='kite.jpg'] [data-status='Succeeded']")).ToBeVisibleAsync(timeout);
        await Expect(page.Locator("[data-photo='giraffe.jpg'] [data-status='Succeeded']")).ToBeVisibleAsync(timeout);
        await Expect(page.Locator("[data-photo='giraffe.gif'] [data-status='Failed']")).ToBeVisibleAsync(timeout);
        await Expect(page.Locator("[data-photo='giraffe.gif'] [data-testid='failure']")).ToContainTextAsync("NotSupportedImageType");
        await Expect(page.Locator("[data-photo='giraffe.gif']").GetByRole(AriaRole.Button, new() { Name = "Reprocess giraffe.gif" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-photo='kite.jpg'] img")).ToBeVisibleAsync();

        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "The page was reloaded; statuses must arrive live.");
    }

    async Task<string> OpenPhotoAsync(IPage page, string fileName)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open {fileName}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(fileName);
        await Expect(page.Locator(".photo-preview")).ToBeVisibleAsync();
        Assert.True(await page.Locator(".photo-preview").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));

        var labels = page.Locator("ul.labels li");
        await Expect(labels.First).ToBeVisibleAsync();
        await Expect(page.Locator(".label-box").First).ToBeVisibleAsync();
        await Expect(page.Locator(".metadata")).ToContainTextAsync("Dimensions");
        await Expect(page.Locator(".metadata")).ToContainTextAsync("JPEG");
        foreach (var step in new[] { "ExtractMetadata", "StoreMetadata", "DetectLabels", "CreateThumbnail", "StoreResults" })
        {
            await Expect(page.Locator($".timeline-row[data-step='{step}']")).ToBeVisibleAsync();
        }
        await Screenshots.TakeAsync(page, "photo");

        await page.GetByLabel("Show boxes").UncheckAsync();
        await Expect(page.Locator(".label-box")).ToHaveCountAsync(0);
        await page.GetByLabel("Show boxes").CheckAsync();
        return (await labels.First.GetAttributeAsync("data-label"))!;
    }

    async Task SearchAsync(IPage page, string label)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Search" }).ClickAsync();
        await page.Locator("#search-label").FillAsync(label);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-photo='kite.jpg']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-photo='giraffe.gif']")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, "search");
    }

    async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(Url("/"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First).ToBeVisibleAsync();

        // Signed out of the provider too: a protected page asks for the password again.
        await page.GotoAsync(Url("/albums"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    static async Task SignInAsync(IPage page, string email)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/albums$"));
        await Expect(page.Locator("[data-album='Safari']")).ToBeVisibleAsync();
    }

    static ILocatorAssertions Expect(ILocator locator)
    {
        // A loaded 2-core CI machine renders slower than Playwright's 5 s default allows for.
        Assertions.SetDefaultExpectTimeout(20_000);
        return Assertions.Expect(locator);
    }
}
