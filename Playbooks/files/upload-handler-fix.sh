#!/bin/sh
# Stand-in for the fixed upload handler: an allow-list of extensions, so .php uploads are refused.
set -e
mkdir -p /var/www/html/lib
cat > /var/www/html/lib/upload.php <<'PHP'
<?php
// UPLOAD_EXTENSIONS_ALLOWLIST: only images may be uploaded.
const UPLOAD_EXTENSIONS_ALLOWLIST = ['jpg', 'jpeg', 'png', 'gif', 'webp'];
PHP
