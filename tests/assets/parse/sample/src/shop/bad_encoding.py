# -*- coding: utf-8 -*-
s = "ÿþ"
