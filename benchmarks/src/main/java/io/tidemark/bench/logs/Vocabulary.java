package io.tidemark.bench.logs;

/** The names a shop app's SDKs send; fixed lists, so lines need no escaping beyond JSON's. */
final class Vocabulary {

  static final String[] PAGES = {"/", "/search", "/products/1842", "/products/77", "/products/5123", "/cart",
      "/checkout", "/account", "/blog/spring-sale", "/help"};
  static final String[] PAGE_TITLES = {"Home", "Search", "Trail Shoe", "Rain Jacket", "Headlamp", "Cart",
      "Checkout", "Account", "Spring Sale", "Help"};
  static final String[] SCREENS = {"Home", "Search", "Product", "Cart", "Checkout", "Profile", "Settings"};
  static final String[] TRACKS = {"Product Viewed", "Product Added", "Button Clicked", "Search Performed",
      "Experiment Viewed", "App Performance", "Checkout Started", "Order Completed"};
  static final String[] CATEGORIES = {"shoes", "jackets", "camping", "climbing", "kids"};
  static final String[] REFERRERS = {"", "https://www.google.com/", "https://news.ycombinator.com/",
      "https://t.co/x1"};
  static final String[] IOS_MODELS = {"iPhone15,2", "iPhone14,7", "iPhone16,1", "iPad13,4"};
  static final String[] ANDROID_MODELS = {"Pixel 8", "SM-S911B", "SM-A546B", "moto g54"};
  static final String[] APP_VERSIONS = {"5.2.0", "5.3.1", "5.4.0"};
  static final String[] USER_AGENTS = {
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/131.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/18.1 Mobile/15E148 Safari/604.1"};

  private Vocabulary() {
  }
}
