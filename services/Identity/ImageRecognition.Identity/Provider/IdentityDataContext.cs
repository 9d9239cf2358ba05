using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ImageRecognition.Identity.Provider;

/// <summary>Users (ASP.NET Core Identity) and OpenIddict's applications, scopes, authorizations and tokens.</summary>
internal sealed class IdentityDataContext(DbContextOptions<IdentityDataContext> options)
    : IdentityDbContext<IdentityUser>(options);
