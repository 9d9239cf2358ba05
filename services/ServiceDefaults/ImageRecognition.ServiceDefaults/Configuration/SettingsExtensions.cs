using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.ServiceDefaults.Configuration;

/// <summary>
/// The one way every service reads its settings: an options class bound to its configuration section,
/// checked when the host starts. A value of the wrong type, or one its class's data annotations refuse,
/// stops the host with the key's full name (<c>Albums:MaxFilesPerUpload: ...</c>) instead of failing at
/// the first request that reads it.
/// </summary>
public static class SettingsExtensions
{
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section)));
        return builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>Runs the options class's data annotations and names each refused value by its configuration key.</summary>
    sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }
            return ValidateOptionsResult.Fail(results.Select(result =>
                $"{section}:{string.Join(", ", result.MemberNames)}: {result.ErrorMessage}"));
        }
    }
}
