namespace Recognition.UnitTests.Rekognition;

/// <summary>The stub's verifier must itself be right, or a passing signature check proves nothing.</summary>
public sealed class SigV4VerifierTests
{
    [Fact]
    public void Reproduces_the_get_vanilla_example_of_the_AWS_SigV4_test_suite()
    {
        var authorization = SigV4Verifier.Parse(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")!;
        var headers = new Dictionary<string, string> { ["host"] = "example.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" };

        var signature = SigV4Verifier.Compute("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", authorization, "GET", headers, []);

        Assert.Equal(authorization.Signature, signature);
    }

    [Fact]
    public void A_changed_body_changes_the_signature()
    {
        var authorization = SigV4Verifier.Parse(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")!;
        var headers = new Dictionary<string, string> { ["host"] = "example.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" };

        Assert.NotEqual(authorization.Signature, SigV4Verifier.Compute("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", authorization, "GET", headers, [1]));
    }
}
