// ScourCore
