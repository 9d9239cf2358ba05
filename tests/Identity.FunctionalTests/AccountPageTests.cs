using System.Net;

namespace Identity.FunctionalTests;

public sealed class AccountPageTests(IdentityHost host) : IClassFixture<IdentityHost>
{
    [Fact]
    public async Task Sign_in_page_renders_an_accessible_form_that_keeps_the_return_url()
    {
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.GetAsync("/account/signin?returnUrl=%2Falbums%3Fpage%3D2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"email\">", html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"current-password\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"returnUrl\" value=\"/albums?page=2\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_with_valid_credentials_sets_the_cookie_and_redirects_to_the_return_url()
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.SignInAsync(email, "/albums");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/albums", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("ImageRecognition.Identity=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_in_with_a_wrong_password_shows_the_form_again_with_an_error()
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.SubmitFormAsync(
            "/account/signin", "/account/signin", new() { ["email"] = email, ["password"] = "wrong password" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("The email or password is incorrect.", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ImageRecognition.Identity=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Posting_the_sign_in_form_without_the_antiforgery_token_is_refused()
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = IdentityClient.Password });

        using var response = await browser.PostAsync("/account/signin", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Sign_in_never_redirects_off_site(string returnUrl)
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.SignInAsync(email, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_up_creates_the_account_and_signs_in()
    {
        var email = IdentityClient.NewEmail();
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.SubmitFormAsync(
            "/account/signup", "/account/signup",
            new() { ["email"] = email, ["password"] = IdentityClient.Password, ["returnUrl"] = "/welcome" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/welcome", response.Headers.Location?.OriginalString);
        using var api = host.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await api.PasswordGrantAsync(email)).Status);
    }

    [Fact]
    public async Task Signing_up_with_a_weak_password_lists_the_errors()
    {
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.SubmitFormAsync(
            "/account/signup", "/account/signup", new() { ["email"] = IdentityClient.NewEmail(), ["password"] = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 8 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_up_with_an_email_over_254_characters_is_refused()
    {
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.SubmitFormAsync(
            "/account/signup", "/account/signup",
            new() { ["email"] = RegistrationTests.EmailOfLength(255), ["password"] = IdentityClient.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("An email has at most 254 characters.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_with_an_oversized_password_is_answered_like_a_wrong_one()
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.SubmitFormAsync(
            "/account/signin", "/account/signin", new() { ["email"] = email, ["password"] = new string('x', 100_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The email or password is incorrect.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_fields_carry_the_length_limits()
    {
        using var browser = Browser.Open(host.Factory);

        var html = await browser.GetStringAsync("/account/signup");

        Assert.Contains("type=\"email\" autocomplete=\"email\" required maxlength=\"254\"", html, StringComparison.Ordinal);
        Assert.Contains("minlength=\"8\" maxlength=\"256\"", html, StringComparison.Ordinal);
    }
}
