namespace DropWatch.Cli.Filtering;

internal enum TokenKind
{
    /// <summary>A field name, a bare value (<c>53</c>, <c>10.0.0.0/8</c>, <c>tcp_*</c>) or the word <c>in</c>.</summary>
    Word,
    /// <summary>A double-quoted value; <see cref="FilterToken.Text"/> is its content without the quotes.</summary>
    String,
    LeftParen,
    RightParen,
    Comma,
    Equal,
    NotEqual,
    Not,
    And,
    Or,
    End,
}

/// <param name="Column">1-based position of the token's first character in the expression.</param>
internal readonly record struct FilterToken(TokenKind Kind, string Text, int Column)
{
    /// <summary>How the token is quoted back in a message.</summary>
    public string Shown => Kind switch
    {
        TokenKind.End => "the end",
        TokenKind.String => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}
