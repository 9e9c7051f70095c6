// Tests for ScourSyntax live here.
