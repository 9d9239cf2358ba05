using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Identity.FunctionalTests;

public sealed class RegistrationTests(IdentityHost host) : IClassFixture<IdentityHost>
{
    private readonly HttpClient client = host.Factory.CreateClient();

    [Fact]
    public async Task Register_with_a_new_email_returns_201_with_the_id_and_email()
    {
        var email = IdentityClient.NewEmail();

        using var response = await client.RegisterAsync(email);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(email, body.RootElement.GetProperty("email").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Register_an_existing_email_returns_409()
    {
        var email = IdentityClient.NewEmail();
        using var first = await client.RegisterAsync(email);

        using var second = await client.RegisterAsync(email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Register_with_a_weak_password_returns_400_listing_the_password_errors()
    {
        using var response = await client.RegisterAsync(IdentityClient.NewEmail(), "short");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var passwordErrors = problem.GetProperty("errors").GetProperty("password");
        Assert.Contains(passwordErrors.EnumerateArray(), error => error.GetString()!.Contains("at least 8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_with_an_invalid_email_returns_400_with_an_email_error()
    {
        using var response = await client.RegisterAsync("not-an-email");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Theory]
    [InlineData("{ this is not json", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("[1, 2]", "application/json")]
    [InlineData("email=a@b.c&password=longenough", "application/x-www-form-urlencoded")]
    public async Task Register_with_a_body_that_is_not_the_expected_json_returns_400(string body, string mediaType)
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);

        using var response = await client.PostAsync("/account/register", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Register_without_a_password_returns_400_naming_the_missing_field()
    {
        using var response = await client.PostAsJsonAsync("/account/register", new { email = IdentityClient.NewEmail() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Theory]
    [InlineData(254, HttpStatusCode.Created)]
    [InlineData(255, HttpStatusCode.BadRequest)]
    [InlineData(1024 * 1024, HttpStatusCode.BadRequest)]
    public async Task Register_takes_emails_of_at_most_254_characters(int length, HttpStatusCode expected)
    {
        var email = EmailOfLength(length);

        using var response = await client.RegisterAsync(email);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("at most 254", problem.GetProperty("errors").GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(256, HttpStatusCode.Created)]
    [InlineData(257, HttpStatusCode.BadRequest)]
    public async Task Register_takes_passwords_of_at_most_256_characters(int length, HttpStatusCode expected)
    {
        using var response = await client.RegisterAsync(IdentityClient.NewEmail(), string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26)))));

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>A new, valid email exactly this long.</summary>
    internal static string EmailOfLength(int length)
    {
        var unique = IdentityClient.NewEmail();
        return new string('a', length - unique.Length) + unique;
    }
}
