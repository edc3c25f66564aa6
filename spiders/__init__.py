"""Scrapy crawling: the source registry, discovery, politeness and fetching."""

SPIDER_VERSION = "0.1.0"
