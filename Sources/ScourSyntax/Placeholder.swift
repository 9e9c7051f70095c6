// ScourSyntax
